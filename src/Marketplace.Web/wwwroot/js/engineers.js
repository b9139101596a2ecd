// Ticking a facet or changing the order re-runs the search at once; without script the form's button does it.
document.querySelectorAll("#engineer-search [data-autosubmit]").forEach((input) => {
  input.addEventListener("change", () => {
    const form = input.form;
    const page = form.querySelector("input[name=page]");
    if (page) page.remove();
    form.requestSubmit();
  });
});
