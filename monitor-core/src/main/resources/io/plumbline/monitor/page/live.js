// The live page's refresh without a reload (which would close every expanded feature): every N seconds
// (the head's plumbline-refresh meta) fetch this page again and swap in its header, window list, main
// content and embedded JSON, keeping which features are open or closed, the filter and the sort order.
// Without JavaScript the <noscript> meta refresh reloads the page instead. A failed fetch (the service
// restarting) changes nothing and is tried again next time; a page that gains or loses its main
// content (the first window closing) is reloaded whole.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="plumbline-refresh"]');
  var seconds = meta ? Number(meta.content) : 60;
  var refreshed = 0;
  function state() {
    var open = {};
    Array.prototype.forEach.call(document.querySelectorAll('section.feature[data-feature]'), function (s) {
      var d = s.querySelector('details');
      open[s.getAttribute('data-feature')] = !!(d && d.open);
    });
    var sorted = document.querySelector('#features thead th[aria-sort]');
    var filter = document.getElementById('filter');
    var verdict = document.getElementById('verdict-filter');
    return {
      open: open,
      sortColumn: sorted ? sorted.cellIndex : -1,
      sortDirection: sorted ? sorted.getAttribute('aria-sort') : null,
      filter: filter ? filter.value : '',
      verdict: verdict ? verdict.value : ''
    };
  }
  function restore(s) {
    Array.prototype.forEach.call(document.querySelectorAll('section.feature[data-feature]'), function (section) {
      var d = section.querySelector('details');
      var name = section.getAttribute('data-feature');
      if (d && Object.prototype.hasOwnProperty.call(s.open, name)) { d.open = s.open[name]; }
    });
    if (s.sortColumn >= 0) {
      var th = document.querySelectorAll('#features thead th')[s.sortColumn];
      var button = th && th.querySelector('button');
      if (button) {
        button.click();
        if (s.sortDirection === 'descending') { button.click(); }
      }
    }
    var filter = document.getElementById('filter');
    var verdict = document.getElementById('verdict-filter');
    if (filter && s.filter) { filter.value = s.filter; filter.dispatchEvent(new Event('input')); }
    if (verdict && s.verdict) { verdict.value = s.verdict; verdict.dispatchEvent(new Event('change')); }
  }
  function replace(selector, next) {
    var now = document.querySelector(selector);
    var fresh = next.querySelector(selector);
    if (now && fresh) { now.replaceWith(document.importNode(fresh, true)); }
  }
  function swap(html) {
    var next = new DOMParser().parseFromString(html, 'text/html');
    if (!document.querySelector('main') || !next.querySelector('main')) {
      location.reload();
      return;
    }
    var s = state();
    document.title = next.title;
    ['header', '#windows', 'main', '#drift-report'].forEach(function (selector) { replace(selector, next); });
    if (window.plumblineReport) { window.plumblineReport.enhance(); }
    restore(s);
    refreshed++;
    document.documentElement.setAttribute('data-refreshed', String(refreshed));
  }
  function tick() {
    fetch(location.href, { cache: 'no-store', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) { if (text) { swap(text); } })
      .catch(function () { /* the service may be restarting: try again next time */ })
      .then(function () { setTimeout(tick, seconds * 1000); });
  }
  setTimeout(tick, seconds * 1000);
}());
