// Progressive enhancements for the challenge forms. Every form works without this file; it only narrows the skill
// list to the chosen cluster and shows running totals. Texts come from data-template attributes the server rendered
// from the resources, so this file holds no user-facing text. No inline script anywhere: a strict CSP can forbid it.
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/\{(\d+)\}/g, function (_, i) { return values[Number(i)]; });
  }

  function money(value) {
    return value.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  // 产业集群 → 技能: show only the chosen cluster's skills (selected ones stay visible wherever they are).
  document.querySelectorAll("select.cluster-select").forEach(function (cluster) {
    var form = cluster.form;
    var skills = form && form.querySelector("select.skill-select");
    if (!skills) { return; }
    function filter() {
      skills.querySelectorAll("optgroup").forEach(function (group) {
        var match = !cluster.value || group.getAttribute("data-cluster") === cluster.value;
        var hasSelected = Array.prototype.some.call(group.querySelectorAll("option"), function (o) { return o.selected; });
        group.hidden = !match && !hasSelected;
      });
    }
    cluster.addEventListener("change", filter);
    filter();
  });

  // Running totals: milestone amounts against the amount to plan, team shares against 100 %.
  function total(form, selector) {
    var sum = 0;
    form.querySelectorAll(selector).forEach(function (input) {
      var value = parseFloat(input.value);
      if (!isNaN(value)) { sum += value; }
    });
    return sum;
  }

  document.querySelectorAll("output.milestone-sum").forEach(function (output) {
    var form = output.form || output.closest("form");
    var expected = parseFloat(output.getAttribute("data-total"));
    function update() {
      var sum = total(form, "input.milestone-amount");
      output.textContent = format(output.getAttribute("data-template") || "", [money(sum), money(expected)]);
      output.classList.toggle("mismatch", Math.abs(sum - expected) > 0.001);
    }
    form.addEventListener("input", update);
    update();
  });

  document.querySelectorAll("output.share-sum").forEach(function (output) {
    var form = output.form || output.closest("form");
    function update() {
      var sum = total(form, "input.share");
      output.textContent = format(output.getAttribute("data-template") || "", [String(sum)]);
      output.classList.toggle("mismatch", sum !== 100);
    }
    form.addEventListener("input", update);
    update();
  });
})();
