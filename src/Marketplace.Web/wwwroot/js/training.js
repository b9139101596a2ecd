// The trainee table of the training event form: "add row" appends a blank line from the template and "remove" takes
// one out; the inputs are renumbered so the server binds Form.Trainees[0..n-1]. Without script the form's own
// "add row" button posts back and the server adds the line.
(() => {
  const table = document.getElementById("trainee-table");
  const template = document.getElementById("trainee-row-template");
  const add = document.getElementById("add-trainee");
  if (!table || !template || !add) return;
  const body = table.tBodies[0];

  const renumber = () => {
    Array.from(body.rows).forEach((row, index) => {
      row.querySelectorAll("[data-field]").forEach((input) => {
        input.name = `Form.Trainees[${index}].${input.dataset.field}`;
      });
    });
  };

  add.addEventListener("click", (event) => {
    event.preventDefault();
    const row = template.content.firstElementChild.cloneNode(true);
    body.appendChild(row);
    renumber();
    const name = row.querySelector("[data-field=Name]");
    if (name) name.focus();
  });

  body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-trainee]");
    if (!button) return;
    button.closest("tr").remove();
    renumber();
  });
})();
