/* officer.js — data-entry officers (city, district, commune): facilities
 * in scope with a category filter, a facility's record sheet with forms
 * for an inspection, a violation and a suspension, the CSV import with its
 * dry-run report (import.js), hydrant status updates, citizens' reports
 * moved through their steps, citizens' house claims and declarations to
 * confirm or return, and the daily summary with a bar chart (plain SVG). Each part asks its endpoint and says plainly
 * when this server does not have it yet. */
'use strict';
(async () => {
  const {$, el, t, api, msg} = PC;
  PC.addText({
    o_title: ['Quản lý cơ sở', 'Facilities'], o_category: ['Loại cơ sở', 'Category'], o_all: ['Tất cả', 'All'],
    o_prev: ['‹ Trước', '‹ Previous'], o_next: ['Sau ›', 'Next ›'], o_page: ['{a}–{b} / {n}', '{a}–{b} of {n}'],
    o_reports: ['Phản ánh của người dân', 'Citizens\' reports'], o_hydrants: ['Trụ nước', 'Hydrants'],
    o_daily: ['Tổng hợp trong ngày', 'Daily summary'], o_open: ['Mở', 'Open'],
    o_inspection: ['Thêm biên bản kiểm tra', 'Add an inspection'], o_violation: ['Thêm vi phạm', 'Add a violation'],
    o_suspension: ['Thêm quyết định đình chỉ', 'Add a suspension'], o_save: ['Lưu', 'Save'], o_saved: ['Đã lưu', 'Saved'],
    f_inspected_on: ['Ngày kiểm tra', 'Inspected on'], f_inspector: ['Người kiểm tra', 'Inspector'], f_result: ['Kết quả', 'Result'],
    f_findings: ['Nội dung', 'Findings'], f_found_on: ['Ngày phát hiện', 'Found on'], f_legal_article: ['Điều khoản', 'Legal article'],
    f_description: ['Mô tả', 'Description'], f_fine_vnd: ['Tiền phạt (đồng)', 'Fine (VND)'], f_kind: ['Loại', 'Kind'],
    f_decision_no: ['Số quyết định', 'Decision no.'], f_reason: ['Lý do', 'Reason'], f_start_on: ['Từ ngày', 'From'],
    k_temporary: ['tạm đình chỉ', 'temporary'], k_suspension: ['đình chỉ', 'suspension'],
    res_pass: ['đạt', 'pass'], res_fail: ['không đạt', 'fail'], res_partial: ['đạt một phần', 'partial'],
    rs_submitted: ['mới gửi', 'submitted'], rs_received: ['đã tiếp nhận', 'received'], rs_processing: ['đang xử lý', 'processing'],
    rs_resolved: ['đã giải quyết', 'resolved'], rs_rejected: ['từ chối', 'rejected'],
    hs_working: ['hoạt động', 'working'], hs_broken: ['hỏng', 'broken'], hs_unknown: ['chưa rõ', 'unknown'],
    o_set: ['Cập nhật', 'Update'], o_no_rows: ['Không có dữ liệu', 'Nothing here'],
    o_claims: ['Nhận nhà và khai báo của người dân', 'Citizens\' house claims and declarations'],
    o_claims_pending: ['Yêu cầu nhận nhà chờ xác nhận', 'House claims awaiting confirmation'],
    o_decls_pending: ['Khai báo nhà chờ duyệt', 'House declarations awaiting review'],
    o_confirm: ['Xác nhận', 'Confirm'], o_refuse: ['Từ chối', 'Refuse'], o_accept: ['Chấp nhận', 'Accept'], o_return: ['Trả lại', 'Return'],
    o_reason: ['Lý do (khi từ chối, trả lại)', 'Reason (to refuse or return)'], o_need_reason: ['Hãy ghi lý do', 'Give a reason'],
    o_col_house: ['Mã nhà', 'House code'], o_col_who: ['Người dân', 'Citizen'], o_col_when: ['Lúc', 'When'],
    o_col_decl: ['Khai báo', 'Declared'], o_decl_sum: ['{type}, {f} tầng, {o} người ({v} cần hỗ trợ)', '{type}, {f} floors, {o} people ({v} needing help)'],
    o_import_open: ['Các cơ sở vừa nhập:', 'Facilities just imported:'],
  });
  await PC.start('officer');
  const PAGE = 20;
  let offset = 0, total = 0;
  const notYet = e => e.status === 404 && e.problem && e.problem.detail === 'no such resource';
  const today = () => new Date().toISOString().slice(0, 10);

  /* A generic table of rows (objects), columns from the first row or given. */
  function table(rows, cols, extra) {
    if (!rows.length) return el('p.none', {text: t('o_no_rows')});
    cols = cols || Object.keys(rows[0]).filter(k => typeof rows[0][k] !== 'object' || rows[0][k] === null).slice(0, 8);
    return el('table.data', null, el('thead', null, el('tr', null, cols.map(c => el('th', {scope: 'col', text: c})), extra ? el('th') : null)),
      el('tbody', null, rows.map(r => el('tr', null, cols.map(c => el('td', {text: r[c] === null || r[c] === undefined ? '' : String(r[c])})),
        extra ? el('td', null, extra(r)) : null))));
  }

  /* --- facilities ------------------------------------------------------------ */
  async function facilities() {
    const box = $('#facilities');
    const cat = $('#f-cat').value;
    try {
      const r = await api('GET', `/api/v1/facilities?offset=${offset}&limit=${PAGE}` + (cat ? '&category=' + encodeURIComponent(cat) : ''));
      total = r.total || 0;
      const rows = r.items || [];
      const want = ['id', 'house_code', 'category_name', 'name', 'last_inspection_on', 'last_result', 'open_violations'];
      const cols = rows.length ? want.filter(k => k in rows[0]) : null;
      box.replaceChildren(table(rows, cols && cols.length > 2 ? cols : null, row => el('button.small', {type: 'button', onclick: () => facility(row.id)}, t('o_open'))));
      $('#f-page').textContent = t('o_page', {a: total ? offset + 1 : 0, b: Math.min(offset + PAGE, total), n: total});
      $('#f-prev').disabled = offset === 0;
      $('#f-next').disabled = offset + PAGE >= total;
      const sel = $('#f-cat');
      if (sel.options.length === 1) {
        const cats = new Set(rows.map(x => x.category).filter(Boolean));
        cats.forEach(c => sel.append(el('option', {value: c, text: c})));
      }
    } catch (e) {
      box.replaceChildren(el('p.notice', {text: notYet(e) ? t('not_yet') : e.message}));
    }
  }
  $('#f-prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); facilities(); });
  $('#f-next').addEventListener('click', () => { offset += PAGE; facilities(); });
  $('#f-cat').addEventListener('change', () => { offset = 0; facilities(); });

  function field(name, input) {
    const id = 'fld-' + name + '-' + Math.random().toString(36).slice(2, 7);
    input.id = id;
    input.name = name;
    return [el('label', {for: id, text: t('f_' + name)}), input];
  }
  function form(titleKey, path, fields, toBody) {
    const m = el('p.msg', {role: 'status', hidden: true});
    const f = el('form.form-grid', null, el('h3', {text: t(titleKey)}), fields, el('button.primary', {type: 'submit', text: t('o_save')}), m);
    f.addEventListener('submit', async ev => {
      ev.preventDefault();
      const data = Object.fromEntries(new FormData(f).entries());
      try {
        await api('POST', path, toBody(data));
        msg(m, t('o_saved'), 'ok');
        f.reset();
      } catch (e) { msg(m, e.message, 'error'); }
    });
    return el('details', null, el('summary', {text: t(titleKey)}), f);
  }
  const opt = (v, key) => el('option', {value: v, text: t(key)});
  async function facility(id) {
    const box = $('#detail');
    try {
      const r = await api('GET', `/api/v1/facilities/${id}`);
      const f = r.facility || r;
      const sections = Object.entries(r).filter(([k, v]) => Array.isArray(v) && v.length)
        .map(([k, v]) => el('section', null, el('h4', {text: k}), table(v)));
      const head = el('h2', {text: f.name || '#' + id, tabindex: -1, 'data-facility': id});
      box.replaceChildren(head, el('p.hint', {text: [f.category_name || f.category, f.house_code].filter(Boolean).join(' · ')}),
        ...sections,
        form('o_inspection', `/api/v1/facilities/${id}/inspections`, [
          field('inspected_on', el('input', {type: 'date', required: true, value: today()})),
          field('inspector', el('input')),
          field('result', el('select', null, opt('pass', 'res_pass'), opt('partial', 'res_partial'), opt('fail', 'res_fail'))),
          field('findings', el('textarea', {rows: 2})),
        ], d => { const b = {inspected_on: d.inspected_on, result: d.result}; if (d.inspector) b.inspector = d.inspector; if (d.findings) b.findings = d.findings; return b; }),
        form('o_violation', `/api/v1/facilities/${id}/violations`, [
          field('found_on', el('input', {type: 'date', required: true, value: today()})),
          field('legal_article', el('input', {required: true, placeholder: 'Điều 38 NĐ 144/2021'})),
          field('description', el('textarea', {rows: 2})),
          field('fine_vnd', el('input', {type: 'number', min: 0, step: 1000})),
        ], d => { const b = {found_on: d.found_on, legal_article: d.legal_article}; if (d.description) b.description = d.description; if (d.fine_vnd) b.fine_vnd = Number(d.fine_vnd); return b; }),
        form('o_suspension', `/api/v1/facilities/${id}/suspensions`, [
          field('kind', el('select', null, opt('temporary', 'k_temporary'), opt('suspension', 'k_suspension'))),
          field('decision_no', el('input')),
          field('reason', el('textarea', {rows: 2})),
          field('start_on', el('input', {type: 'date', required: true, value: today()})),
        ], d => { const b = {kind: d.kind, start_on: d.start_on}; if (d.decision_no) b.decision_no = d.decision_no; if (d.reason) b.reason = d.reason; return b; }));
      head.focus();
    } catch (e) { box.replaceChildren(el('p.msg.error', {text: notYet(e) ? t('not_yet') : e.message})); }
  }

  /* --- citizens' reports ------------------------------------------------------- */
  const NEXT = {submitted: ['received'], received: ['processing', 'rejected'], processing: ['resolved', 'rejected']};
  async function reports() {
    const box = $('#reports');
    try {
      const r = await api('GET', '/api/v1/reports?limit=50');
      const rows = r.items || [];
      box.replaceChildren(table(rows, rows.length ? Object.keys(rows[0]).filter(k => ['id', 'kind', 'text', 'status', 'created_at', 'house_code', 'channel'].includes(k)) : null,
        row => (NEXT[row.status] || []).map(to => el('button.small', {type: 'button', 'data-report': row.id, 'data-to': to, onclick: async () => {
          try { await api('POST', `/api/v1/reports/${row.id}/status`, {status: to}); } catch (e) { /* shown below on reload */ }
          reports();
        }}, t('rs_' + to)))));
    } catch (e) { box.replaceChildren(el('p.notice', {text: notYet(e) ? t('not_yet') : e.message})); }
  }

  /* --- hydrants ------------------------------------------------------------------ */
  async function hydrants() {
    const box = $('#hydrants');
    try {
      const fc = await api('GET', '/api/v1/map/hydrants?limit=500');
      const rows = fc.features.map(f => Object.assign({id: f.id}, f.properties));
      const counts = {};
      rows.forEach(r => { counts[r.status] = (counts[r.status] || 0) + 1; });
      box.replaceChildren(el('p', null, Object.entries(counts).map(([s, n]) => [el('span.badge', {text: `${t('hs_' + s)}: ${n}`}), ' '])),
        el('details', null, el('summary', {text: t('o_hydrants') + ` (${rows.length})`}),
          table(rows, ['code', 'kind', 'status', 'flow_lpm'], row => {
            const s = el('select', {'aria-label': row.code}, ['working', 'broken', 'unknown'].map(v => el('option', {value: v, selected: v === row.status, text: t('hs_' + v)})));
            return [s, el('button.small', {type: 'button', onclick: async () => {
              try { await api('PATCH', `/api/v1/hydrants/${row.id}`, {status: s.value, last_checked_on: today()}); hydrants(); }
              catch (e) { alertBox(box, e); }
            }}, t('o_set'))];
          })));
    } catch (e) { box.replaceChildren(el('p.notice', {text: e.message})); }
  }
  function alertBox(box, e) { box.prepend(el('p.msg.error', {role: 'alert', text: notYet(e) ? t('not_yet') : e.message})); }

  /* --- daily summary with an SVG bar chart ------------------------------------- */
  async function daily() {
    const box = $('#daily');
    try {
      const r = await api('GET', '/api/v1/stats/daily');
      const rows = Array.isArray(r) ? r : (r.items || r.rows || r.areas || []);
      const nums = rows.length ? Object.keys(rows[0]).filter(k => typeof rows[0][k] === 'number' && k !== 'admin_unit_id').slice(0, 6) : [];
      box.replaceChildren(chart(rows, nums), table(rows));
    } catch (e) { box.replaceChildren(el('p.notice', {text: notYet(e) ? t('not_yet') : e.message})); }
  }
  function chart(rows, keys) {
    if (!rows.length || !keys.length) return null;
    const tot = keys.map(k => rows.reduce((s, r) => s + (r[k] || 0), 0));
    const max = Math.max(1, ...tot), W = 420, H = 24 * keys.length + 10;
    const NS = 'http://www.w3.org/2000/svg', svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', keys.map((k, i) => `${k}: ${tot[i]}`).join(', '));
    keys.forEach((k, i) => {
      const mk = (tag, a, txt) => { const e = document.createElementNS(NS, tag); for (const [x, v] of Object.entries(a)) e.setAttribute(x, v); if (txt !== undefined) e.textContent = txt; svg.append(e); };
      mk('text', {x: 0, y: 24 * i + 17, class: 'chart-l'}, k);
      mk('rect', {x: 170, y: 24 * i + 5, width: Math.max(1, 200 * tot[i] / max), height: 16, class: 'chart-bar'});
      mk('text', {x: 175 + 200 * tot[i] / max, y: 24 * i + 17, class: 'chart-v'}, String(tot[i]));
    });
    return svg;
  }

  /* --- citizens' house claims and declarations awaiting an officer ------------ */
  function decide(path, body, box, input) {
    return async () => {
      const m = box.querySelector('.msg');
      if (input && !input.value.trim()) { msg(m, t('o_need_reason'), 'error'); input.focus(); return; }
      try {
        await api('POST', path, input ? Object.assign(body, {reason: input.value.trim()}) : body);
        claims();
      } catch (e) { msg(m, notYet(e) ? t('not_yet') : e.message, 'error'); }
    };
  }
  function pendingTable(rows, cols, actions) {
    if (!rows.length) return el('p.none', {text: t('o_no_rows')});
    return el('table.data', null, el('thead', null, el('tr', null, cols.map(([k]) => el('th', {scope: 'col', text: t(k)})), el('th'))),
      el('tbody', null, rows.map(r => el('tr', null, cols.map(([, f]) => el('td', {text: f(r)})), el('td.actions-cell', null, actions(r))))));
  }
  async function claims() {
    const cb = $('#claims'), db = $('#decls');
    try {
      const [c, d] = await Promise.all([api('GET', '/api/v1/claims?status=pending&limit=50'),
                                        api('GET', '/api/v1/declarations?status=submitted&limit=50')]);
      cb.replaceChildren(el('h3', {text: t('o_claims_pending') + ` (${c.total})`}), el('p.msg', {role: 'status', hidden: true}),
        pendingTable(c.items || [], [['o_col_house', r => `#${r.id} ${r.house_code} · ${r.address || ''}`], ['o_col_who', r => r.username],
          ['o_col_when', r => PC.fmtTime(r.created_at)]], r => {
          const why = el('input.reason', {'aria-label': t('o_reason') + ' #' + r.id, placeholder: t('o_reason'), maxlength: 1000});
          return [el('button.small', {type: 'button', 'data-claim': r.id, 'data-to': 'confirm', onclick: decide(`/api/v1/claims/${r.id}/review`, {decision: 'confirm'}, cb)}, t('o_confirm')),
            why, el('button.small', {type: 'button', 'data-claim': r.id, 'data-to': 'refuse', onclick: decide(`/api/v1/claims/${r.id}/review`, {decision: 'refuse'}, cb, why)}, t('o_refuse'))];
        }));
      db.replaceChildren(el('h3', {text: t('o_decls_pending') + ` (${d.total})`}), el('p.msg', {role: 'status', hidden: true}),
        pendingTable(d.items || [], [['o_col_house', r => `#${r.id} ${r.house_code}`], ['o_col_decl', r => t('o_decl_sum', {
          type: r.sample_code || r.type_code, f: r.floors, o: r.occupants, v: r.vuln_elderly + r.vuln_children + r.vuln_disabled + r.vuln_bedridden})],
          ['o_col_when', r => PC.fmtTime(r.created_at)]], r => {
          const why = el('input.reason', {'aria-label': t('o_reason') + ' #' + r.id, placeholder: t('o_reason'), maxlength: 1000});
          return [el('button.small', {type: 'button', 'data-decl': r.id, 'data-to': 'accept', onclick: decide(`/api/v1/declarations/${r.id}/review`, {decision: 'accept'}, db)}, t('o_accept')),
            why, el('button.small', {type: 'button', 'data-decl': r.id, 'data-to': 'return', onclick: decide(`/api/v1/declarations/${r.id}/review`, {decision: 'return'}, db, why)}, t('o_return'))];
        }));
    } catch (e) { cb.replaceChildren(el('p.notice', {text: notYet(e) ? t('not_yet') : e.message})); db.replaceChildren(); }
  }

  /* --- CSV import: after a commit, the list and links to what was written ---- */
  const imp = CsvImport.mount($('#imp-form'), {onCommit: (res, kind, text, box) => {
    facilities();
    daily();
    const ids = CsvImport.facilityIds(res, kind, text, 20);
    if (ids.length) box.append(el('p.imported', null, el('span', {text: t('o_import_open') + ' '}),
      ids.map(id => el('button.small', {type: 'button', 'data-facility': id, onclick: () => facility(id)}, t('i_open_fac', {id})))));
  }});
  window.__pccc = {imp};

  PC.onLang(() => { facilities(); reports(); claims(); hydrants(); daily(); });
  facilities();
  reports();
  claims();
  hydrants();
  daily();
})();
