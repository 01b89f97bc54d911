// The point page: picking who referred a newcomer from the search hits. Without JavaScript
// the typed name or phone is posted with the form and the server looks it up (offering
// choices when several match). No inline scripts: the CSP forbids them.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-pick]");
  if (!button) return;
  var picker = button.closest("[data-picker]");
  if (!picker) return;
  event.preventDefault();
  picker.querySelector("[data-picked-id]").value = button.getAttribute("data-pick");
  picker.querySelector("[data-picked-name]").textContent = button.getAttribute("data-name");
  var hits = picker.querySelector(".referrer-hits");
  if (hits) hits.innerHTML = "";
  var search = picker.querySelector("input[type=search]");
  if (search) search.value = "";
});
