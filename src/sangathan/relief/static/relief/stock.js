// Relief stock forms. Everything works without this file: five rows are always there, and the
// kit recipes are all listed. It adds rows on demand and shows what an assembly will consume.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var rows = document.getElementById(button.getAttribute("data-add-row"));
    if (!rows) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var last = rows.querySelector(".stock-row:last-of-type");
      if (!last) { return; }
      var row = last.cloneNode(true);
      var n = rows.querySelectorAll(".stock-row").length + 1;
      row.querySelectorAll("input, select").forEach(function (el) {
        if (el.tagName === "SELECT") { el.selectedIndex = 0; } else { el.value = ""; }
        el.removeAttribute("required");
        if (el.id) { el.id = el.id.replace(/-\d+$/, "-" + n); }
      });
      row.querySelectorAll("label[for]").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/-\d+$/, "-" + n);
      });
      rows.appendChild(row);
      var first = row.querySelector("select, input");
      if (first) { first.focus(); }
    });
  });

  var kit = document.getElementById("k-kit");
  var count = document.getElementById("k-count");
  if (kit && count) {
    var plans = document.querySelectorAll(".kit-plan[data-kit]");
    var show = function () {
      var n = parseInt(count.value, 10);
      if (!(n > 0)) { n = 1; }
      plans.forEach(function (plan) {
        plan.hidden = plan.getAttribute("data-kit") !== kit.value;
        plan.querySelectorAll("[data-per]").forEach(function (li) {
          var need = n * parseInt(li.getAttribute("data-per"), 10);
          var held = parseInt(li.getAttribute("data-held"), 10);
          var out = li.querySelector("[data-need]");
          if (out) { out.textContent = need.toLocaleString("en-IN"); }
          li.classList.toggle("short", need > held);
        });
      });
    };
    kit.addEventListener("change", show);
    count.addEventListener("input", show);
    show();
  }
});
