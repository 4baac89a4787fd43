/* login.js — the sign-in form: on success the account's role decides
 * which page opens (dispatcher, commander, planner, officer, citizen). */
'use strict';
(() => {
  const {$, t, msg} = PC;
  PC.translate();
  const flash = sessionStorage.getItem('pccc.flash');
  if (flash) { msg($('#login-msg'), t(flash), 'error'); sessionStorage.removeItem('pccc.flash'); }
  $('#lang-btn').addEventListener('click', () => PC.setLang(PC.lang() === 'vi' ? 'en' : 'vi'));
  $('#login-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const u = $('#username').value.trim(), p = $('#password').value;
    if (!u || !p) { msg($('#login-msg'), t('bad_login'), 'error'); return; }
    $('#login-btn').disabled = true;
    try {
      const acc = await PC.login(u, p);
      location.assign(PC.homeFor(acc.role));
    } catch (e) {
      msg($('#login-msg'), e.status === 401 || e.status === 400 ? t('bad_login') : e.message, 'error');
      $('#password').select();
    } finally {
      $('#login-btn').disabled = false;
    }
  });
})();
