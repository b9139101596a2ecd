// Running totals for the accreditation forms: the applicant's self-assessment and the expert's score sheet. The
// server recomputes both on every save and shows its own figure; this file only saves a round trip while typing.
// Texts come from data-*-template attributes the server rendered from the resources: no user-facing text here, and no
// inline script anywhere (a strict CSP may forbid it).
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/\{(\d+)\}/g, function (_, i) { return values[Number(i)]; });
  }

  // Two decimals, as the domain rounds (四舍五入), shown without trailing zeros like the server's "0.##".
  function show(value) {
    return String(Math.round(value * 100) / 100);
  }

  function sum(root, selector) {
    var total = 0;
    root.querySelectorAll(selector).forEach(function (input) {
      var value = parseFloat(input.value);
      if (!isNaN(value)) { total += value; }
    });
    return total;
  }

  // 自评: the sum of the points typed, against the rubric's base total.
  document.querySelectorAll("table.self-assessment[data-total-template]").forEach(function (table) {
    var output = table.querySelector("output.running-total");
    var template = table.getAttribute("data-total-template");
    function update() { output.textContent = format(template, [show(sum(table, "input.score-input"))]); }
    table.addEventListener("input", update);
    update();
  });

  // 评分表: base = the marks; bonus = claims (per-item levels score their fixed points) capped; total capped.
  document.querySelectorAll("form.score-sheet[data-total-template]").forEach(function (form) {
    var output = form.querySelector("output.sheet-total");
    var template = form.getAttribute("data-total-template");
    var vetoText = form.getAttribute("data-veto-text");
    var cap = parseFloat(form.getAttribute("data-cap"));
    var totalCap = parseFloat(form.getAttribute("data-total-cap"));
    function bonus() {
      var claimed = 0;
      form.querySelectorAll("tr[data-testid='bonus-row']").forEach(function (row) {
        var select = row.querySelector("select.bonus-item");
        if (!select || !select.value) { return; }
        var option = select.options[select.selectedIndex];
        var fixed = option.getAttribute("data-points");
        var value = fixed !== null ? parseFloat(fixed) : parseFloat(row.querySelector("input.bonus-points").value);
        if (!isNaN(value)) { claimed += value; }
      });
      return Math.min(cap, claimed);
    }
    function update() {
      var base = sum(form, "input.mark-input");
      var extra = bonus();
      var text = format(template, [show(base), show(extra), show(Math.min(totalCap, base + extra))]);
      var veto = form.querySelector("select.veto-code");
      output.textContent = veto && veto.value ? text + " · " + vetoText : text;
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });
})();
