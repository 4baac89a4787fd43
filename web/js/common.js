/* common.js — what every console page shares: the session (a bearer token
 * kept in sessionStorage, so closing the tab logs out), API calls with
 * problem+json errors, Vietnamese/English text, the header with the pages
 * the account's role may open, and which API endpoints this server has
 * (read from its OpenAPI document, so a page turns a feature on as soon
 * as the endpoint lands). No framework, no build step. */
'use strict';

const PC = (() => {
  const TOKEN_KEY = 'pccc.token', WHO_KEY = 'pccc.who', LANG_KEY = 'pccc.lang';

  /* --- text: Vietnamese first, English on request ------------------------ */
  const DICT = {
    app_name: ['PCCC Hà Nội', 'PCCC Hanoi'],
    login_title: ['Đăng nhập', 'Sign in'],
    username: ['Tên đăng nhập', 'Username'],
    password: ['Mật khẩu', 'Password'],
    sign_in: ['Đăng nhập', 'Sign in'],
    sign_out: ['Đăng xuất', 'Sign out'],
    bad_login: ['Sai tên đăng nhập hoặc mật khẩu', 'Wrong username or password'],
    lang_switch: ['English', 'Tiếng Việt'],
    page_dispatcher: ['Điều phối 114', 'Dispatch 114'],
    page_commander: ['Chỉ huy', 'Commander'],
    page_planner: ['Quy hoạch', 'Planner'],
    page_officer: ['Cán bộ', 'Officer'],
    page_citizen: ['Người dân', 'Citizen'],
    role_city_admin: ['Quản trị thành phố (PC07)', 'City admin (PC07)'],
    role_district_officer: ['Cán bộ quận/huyện', 'District officer'],
    role_commune_officer: ['Cán bộ phường/xã', 'Commune officer'],
    role_dispatcher: ['Điều phối viên 114', '114 dispatcher'],
    role_commander: ['Chỉ huy chữa cháy', 'Fire commander'],
    role_planner: ['Quy hoạch (PC07)', 'Planner (PC07)'],
    role_citizen: ['Người dân', 'Citizen'],
    loading: ['Đang tải…', 'Loading…'],
    error: ['Lỗi', 'Error'],
    not_yet: ['Máy chủ này chưa có chức năng này.', 'This server does not offer this yet.'],
    zoom_in: ['Phóng to để xem thêm chi tiết bản đồ', 'Zoom in to see more of the map'],
    session_over: ['Phiên làm việc đã hết, vui lòng đăng nhập lại', 'Your session ended, please sign in again'],
    forbidden_page: ['Tài khoản này không được mở trang này.', 'This account may not open this page.'],
    skip_to_main: ['Bỏ qua đến nội dung chính', 'Skip to main content'],
    minutes_short: ['ph', 'min'],
    seconds_short: ['giây', 's'],
    none: ['Không có', 'None'],
    yes: ['Có', 'Yes'],
    no: ['Không', 'No'],
  };
  let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  const extra = {};

  /* Adds a page's own strings: {key: [vi, en]}. */
  function addText(d) { Object.assign(extra, d); }
  function t(key, vars) {
    const e = extra[key] || DICT[key];
    let s = e ? e[lang === 'en' ? 1 : 0] : key;
    if (vars) for (const k of Object.keys(vars)) s = s.split('{' + k + '}').join(String(vars[k]));
    return s;
  }
  /* Fills every [data-t] element's text and [data-t-ph]/[data-t-label] attributes. */
  function translate(root) {
    const r = root || document;
    document.documentElement.lang = lang;
    r.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
    r.querySelectorAll('[data-t-ph]').forEach(el => { el.placeholder = t(el.dataset.tPh); });
    r.querySelectorAll('[data-t-label]').forEach(el => { el.setAttribute('aria-label', t(el.dataset.tLabel)); });
    r.querySelectorAll('[data-t-title]').forEach(el => { el.title = t(el.dataset.tTitle); });
  }
  const langListeners = [];
  function onLang(fn) { langListeners.push(fn); }
  function setLang(l) {
    lang = l === 'en' ? 'en' : 'vi';
    localStorage.setItem(LANG_KEY, lang);
    translate();
    langListeners.forEach(fn => fn(lang));
  }

  /* --- small DOM helpers ------------------------------------------------- */
  const $ = (sel, root) => (root || document).querySelector(sel);
  /* el('tag#id.cls', {attr: v}, child, ...): children are nodes, text or arrays of them. */
  function el(spec, attrs, ...kids) {
    const [head, ...cls] = spec.split('.');
    const [tag, id] = head.split('#');
    const e = document.createElement(tag || 'div');
    if (id) e.id = id;
    if (cls.length) e.className = cls.join(' ');
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined && k !== false)
      e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    return e;
  }
  function fmtEta(s) {
    if (s === null || s === undefined) return '—';
    const m = Math.floor(s / 60), r = Math.round(s % 60);
    return m ? `${m} ${t('minutes_short')} ${String(r).padStart(2, '0')}` : `${r} ${t('seconds_short')}`;
  }
  function fmtM(m) { return m === null || m === undefined ? '—' : (m >= 1000 ? (m / 1000).toFixed(1) + ' km' : Math.round(m) + ' m'); }
  function fmtTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'vi-VN', {hour: '2-digit', minute: '2-digit'});
  }

  /* --- session and API --------------------------------------------------- */
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  function who() { try { return JSON.parse(sessionStorage.getItem(WHO_KEY)); } catch (e) { return null; } }

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem || {};
    }
  }
  /* api(method, path, body?, type?) -> parsed JSON (null for 204). body goes
   * as JSON, or as it is when a content type is given (a CSV file). Throws
   * ApiError (its problem is the JSON answered, e.g. an import's row list);
   * a 401 on a signed-in page sends the user back to the login page. */
  async function api(method, path, body, type) {
    const h = {Accept: 'application/json'};
    if (token()) h.Authorization = 'Bearer ' + token();
    if (body !== undefined) h['Content-Type'] = type || 'application/json';
    const r = await fetch(path, {method, headers: h, body: body === undefined ? undefined : type ? body : JSON.stringify(body)});
    const text = r.status === 204 ? '' : await r.text();
    let j = null;
    if (text) { try { j = JSON.parse(text); } catch (e) { j = null; } }
    if (r.ok) return j;
    if (r.status === 401 && token() && path !== '/api/v1/session') {
      sessionStorage.removeItem(TOKEN_KEY);
      sessionStorage.setItem('pccc.flash', 'session_over');
      location.replace('/index.html');
    }
    throw new ApiError(r.status, j);
  }

  let openapiPaths = null;
  /* The set of "METHOD path" this server offers (from its OpenAPI document). */
  async function endpoints() {
    if (openapiPaths) return openapiPaths;
    openapiPaths = new Set();
    try {
      const doc = await api('GET', '/api/v1/openapi.json');
      for (const [p, ops] of Object.entries(doc.paths || {}))
        for (const m of Object.keys(ops)) openapiPaths.add(m.toUpperCase() + ' ' + p);
    } catch (e) { /* no document: nothing optional is offered */ }
    return openapiPaths;
  }
  async function has(method, path) { return (await endpoints()).has(method + ' ' + path); }

  async function login(username, password) {
    const r = await api('POST', '/api/v1/session', {username, password});
    sessionStorage.setItem(TOKEN_KEY, r.token);
    sessionStorage.setItem(WHO_KEY, JSON.stringify(r.account));
    return r.account;
  }
  async function logout() {
    try { await api('DELETE', '/api/v1/session'); } catch (e) { /* already gone */ }
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(WHO_KEY);
    location.replace('/index.html');
  }

  /* --- roles and pages --------------------------------------------------- */
  const OFFICERS = ['city_admin', 'district_officer', 'commune_officer'];
  const PAGES = [
    {id: 'dispatcher', href: '/dispatcher.html', roles: ['dispatcher', 'city_admin']},
    {id: 'commander', href: '/commander.html', roles: ['commander', 'dispatcher', 'city_admin']},
    {id: 'planner', href: '/planner.html', roles: ['planner', 'city_admin']},
    {id: 'officer', href: '/officer.html', roles: OFFICERS},
    {id: 'citizen', href: '/citizen.html', roles: ['citizen']},
  ];
  function homeFor(role) {
    const p = PAGES.find(p => p.roles[0] === role) || PAGES.find(p => p.roles.includes(role));
    return p ? p.href : '/index.html';
  }
  function pagesFor(role) { return PAGES.filter(p => p.roles.includes(role)); }

  /* Builds the header, checks the session and the role; resolves to the
   * account, or sends the user to the login page. */
  async function start(pageId) {
    const header = $('#app-header');
    if (!token()) { location.replace('/index.html'); return new Promise(() => {}); }
    let me;
    try { me = await api('GET', '/api/v1/session'); } catch (e) { location.replace('/index.html'); return new Promise(() => {}); }
    sessionStorage.setItem(WHO_KEY, JSON.stringify(me));
    if (header) renderHeader(header, me, pageId);
    translate();
    const page = PAGES.find(p => p.id === pageId);
    if (page && !page.roles.includes(me.role)) {
      const main = $('main');
      main.replaceChildren(el('p.notice', {role: 'alert', 'data-t': 'forbidden_page'}, t('forbidden_page')));
      return new Promise(() => {});
    }
    return me;
  }
  function renderHeader(header, me, pageId) {
    const nav = el('nav', {'aria-label': 'pages'},
      el('ul', null, pagesFor(me.role).map(p => el('li', null,
        el('a', {href: p.href, 'aria-current': p.id === pageId ? 'page' : null, 'data-t': 'page_' + p.id}, t('page_' + p.id))))));
    const langBtn = el('button.lang', {type: 'button', 'data-t': 'lang_switch', onclick: () => setLang(lang === 'vi' ? 'en' : 'vi')});
    const outBtn = el('button.out', {type: 'button', 'data-t': 'sign_out', onclick: logout});
    header.replaceChildren(
      el('a.skip', {href: '#main', 'data-t': 'skip_to_main'}),
      el('span.brand', {'data-t': 'app_name'}),
      nav,
      el('span.me', null, el('span.user', {text: me.username}), ' · ', el('span', {'data-t': 'role_' + me.role})),
      langBtn, outBtn);
  }

  /* A status line for a page region: msg(el, text, kind) with kind info|error. */
  function msg(target, text, kind) {
    target.textContent = text || '';
    target.className = 'msg' + (kind ? ' ' + kind : '');
    target.hidden = !text;
  }

  return {t, addText, translate, setLang, onLang, lang: () => lang, $, el, api, ApiError, endpoints, has, login,
          logout, start, homeFor, who, token, fmtEta, fmtM, fmtTime, msg, OFFICERS};
})();
