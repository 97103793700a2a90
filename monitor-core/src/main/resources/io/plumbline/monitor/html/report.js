// Progressive enhancement only: the page reads fully without this script. It adds sorting (click a
// column header) and filtering (name and verdict) to the feature table, then marks the page with
// data-script="ok" so a headless-browser test can tell the script ran to its end without an exception.
// The live page swaps in fresh content without a reload and calls window.plumblineReport.enhance() again.
(function () {
  'use strict';
  function enhance() {
    var table = document.getElementById('features');
    var body = table.tBodies[0];
    var headers = table.tHead.rows[0].cells;
    function key(row, col, type) {
      var cell = row.cells[col];
      var v = cell.getAttribute('data-value');
      if (type === 'number') {
        var n = parseFloat(v);
        return isNaN(n) ? (v === 'Infinity' ? Infinity : -Infinity) : n;
      }
      return (v === null ? cell.textContent : v).toLowerCase();
    }
    Array.prototype.forEach.call(headers, function (th, col) {
      var type = th.getAttribute('data-type');
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a, col, type);
          var y = key(b, col, type);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var filter = document.getElementById('filter');
    var verdict = document.getElementById('verdict-filter');
    var shown = document.getElementById('shown');
    function apply() {
      var text = filter.value.trim().toLowerCase();
      var wanted = verdict.value;
      var count = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var ok = (!text || r.getAttribute('data-feature').toLowerCase().indexOf(text) >= 0)
          && (!wanted || r.getAttribute('data-verdict') === wanted);
        r.hidden = !ok;
        if (ok) { count++; }
      });
      shown.textContent = count + ' of ' + body.rows.length + ' features shown';
    }
    filter.addEventListener('input', apply);
    verdict.addEventListener('change', apply);
    document.getElementById('controls').hidden = false;
    apply();
  }
  // Opening a feature from the table: the target section's <details> opens too.
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.substring(1));
    var details = target && target.querySelector('details');
    if (details) { details.open = true; }
  }
  enhance();
  window.plumblineReport = { enhance: enhance };
  window.addEventListener('hashchange', openTarget);
  openTarget();
  document.documentElement.setAttribute('data-script', 'ok');
}());
