// Tadamun's only script: small behaviours attached through data- attributes.
// Every page works without it; it saves a click here and there.
(function () {
  "use strict";
  // <form data-autosubmit>: submit when a select or checkbox changes.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var target = event.target;
      // Controls that belong to another form (form="…") are not filters.
      if (target.form === form && target.matches("select, input[type=checkbox]")) {
        // The page number belongs to the previous result set.
        var page = form.querySelector("input[name=page]");
        if (page) page.remove();
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  });
})();
