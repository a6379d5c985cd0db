/* The report grid: checks each cell as it is typed (the server checks again) and saves it at once.
   Without this file the grid still works: "Lưu số liệu" posts every cell and the page shows the messages. */
(function () {
  "use strict";
  var form = document.getElementById("grid-form");
  if (!form || !form.dataset.autosave) { return; }
  var status = document.getElementById("save-status");
  var NUMBER = /^[+-]?\d+([.,]\d+)?$/;
  var GROUPED = /^[+-]?\d{1,3}([.,]\d{3})+$/;
  var VN_DECIMAL = /^[+-]?\d{1,3}(\.\d{3})+,\d+$/;
  var DATE = /^(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})$/;

  function toNumber(text, integer) {
    text = text.replace(/\s/g, "");
    if (integer && GROUPED.test(text)) { return Number(text.replace(/[.,]/g, "")); }
    if (VN_DECIMAL.test(text)) { return Number(text.replace(/\./g, "").replace(",", ".")); }
    if (!NUMBER.test(text)) { return null; }
    return Number(text.replace(",", "."));
  }

  function problem(type, text) {
    text = text.trim();
    if (!text) { return ""; }
    if (type === "integer") {
      var n = toNumber(text, true);
      if (n === null) { return "“" + text + "” không phải là số."; }
      if (!Number.isInteger(n)) { return "phải là số nguyên (không có phần thập phân)."; }
      if (n < 0) { return "không được là số âm."; }
    } else if (type === "decimal") {
      if (toNumber(text, false) === null) { return "“" + text + "” không phải là số."; }
    } else if (type === "percent") {
      var p = toNumber(text.replace(/%$/, "").trim(), false);
      if (p === null) { return "“" + text + "” không phải là số."; }
      if (p < 0 || p > 100) { return "tỷ lệ phải từ 0 đến 100."; }
    } else if (type === "date") {
      var m = DATE.exec(text);
      if (!m) { return "“" + text + "” không phải là ngày (nhập theo dạng dd/mm/yyyy)."; }
      var d = new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1]));
      if (d.getDate() !== Number(m[1]) || d.getMonth() !== Number(m[2]) - 1) { return "ngày “" + text + "” không có thật."; }
    }
    return "";
  }

  function show(field, message) {
    var box = field.parentNode.querySelector(".cell-error");
    box.textContent = message ? "Dòng “" + field.dataset.row + "”, cột “" + field.dataset.column + "”: " + message : "";
    box.hidden = !message;
    field.parentNode.classList.toggle("has-error", Boolean(message));
    field.setAttribute("aria-invalid", message ? "true" : "false");
  }

  function save(field) {
    var body = new URLSearchParams();
    body.append("csrf_token", form.querySelector("[name=csrf_token]").value);
    body.append(field.name, field.value);
    status.textContent = "Đang lưu…";
    fetch(form.action || window.location.href, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-Requested-With": "fetch", "Content-Type": "application/x-www-form-urlencoded"}
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      var key = field.name.slice(5);
      var message = data.errors[key] || "";
      var box = field.parentNode.querySelector(".cell-error");
      box.textContent = message; box.hidden = !message;
      field.parentNode.classList.toggle("has-error", Boolean(message));
      status.textContent = "Đã lưu.";
    }).catch(function () {
      status.textContent = "Chưa lưu được (mất kết nối?). Số liệu vẫn còn trên trang; bấm “Lưu số liệu”.";
    });
  }

  form.addEventListener("input", function (event) {
    var field = event.target;
    if (field.dataset && field.dataset.type) { show(field, problem(field.dataset.type, field.value)); }
  });
  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field.name && field.name.indexOf("cell:") === 0) { save(field); }
  });
})();
