// The one-stop shop's script: filters a long list of places as one types
// (<input data-select-filter="id of the select">). The form works without it.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-filter]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-select-filter"));
    if (!select) return;
    input.hidden = false;
    var fold = function (text) {
      return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f]/g, "")
        .replace(/[أإآ]/g, "ا").replace(/ة/g, "ه").replace(/^[—\s]+/, "");
    };
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var first = null;
      select.querySelectorAll("option").forEach(function (option) {
        var shown = !wanted || !option.value || fold(option.textContent).indexOf(wanted) !== -1;
        option.hidden = !shown;
        option.disabled = !shown && option.value !== select.value;
        if (shown && option.value && !first) first = option;
      });
      if (first && wanted && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        select.value = first.value;
      }
    });
  });
})();
