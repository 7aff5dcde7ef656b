// The console's own script: the CSRF token on htmx requests. Everything else is plain HTML forms.
document.addEventListener('htmx:configRequest', function (event) {
  var meta = document.querySelector('meta[name=csrf-token]');
  if (meta) {
    event.detail.headers['X-CSRF-Token'] = meta.content;
  }
});
