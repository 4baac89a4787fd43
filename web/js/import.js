/* import.js — the officer's CSV import of fire-safety records
 * (POST /api/v1/imports, engine/import.c).
 *
 * The officer picks a file (it is read into the text box, so what is sent
 * is what is shown and can be corrected there) or pastes the rows, chooses
 * what the rows are, and runs a dry run: the server checks every row with
 * the API's own validation and scope and writes nothing. The report says
 * how many rows were read, accepted and refused, and lists each refused row
 * with its line number, its text and the reason. Writing is all or nothing
 * on the server, so "Commit" is offered only after a clean dry run of
 * exactly the text and kind in the form; "Drop the refused rows" removes
 * them from the text and runs the dry run again. After a commit the page is
 * told (onCommit) so it can show the new records. */
'use strict';

const CsvImport = (() => {
  const {$, el, t, api, msg} = PC;
  PC.addText({
    i_title: ['Nhập dữ liệu từ tệp CSV', 'Import from a CSV file'],
    i_hint: ['Dòng đầu ghi tên cột. Chạy thử để kiểm tra từng dòng (chưa ghi gì); chỉ ghi khi không còn dòng lỗi — ghi tất cả hoặc không ghi dòng nào.',
      'The first line names the columns. A dry run checks every row and writes nothing; commit once no row is refused — all rows are written or none.'],
    i_kind: ['Loại dữ liệu', 'What the rows are'],
    ik_facilities: ['Cơ sở', 'Facilities'], ik_safety_records: ['Giấy phép, thẩm duyệt, nghiệm thu', 'Permits, approvals, acceptances'],
    ik_inspections: ['Biên bản kiểm tra', 'Inspections'], ik_violations: ['Vi phạm', 'Violations'],
    ik_suspensions: ['Tạm đình chỉ, đình chỉ', 'Suspensions'], ik_fires: ['Vụ cháy, nổ', 'Fires and explosions'],
    i_cols: ['Cột (* bắt buộc): {c}', 'Columns (* required): {c}'],
    i_header: ['Chèn dòng tên cột', 'Insert the header line'],
    i_file: ['Chọn tệp CSV', 'Choose a CSV file'], i_text: ['Nội dung tệp (có thể dán vào đây)', 'File content (you may paste it here)'],
    i_dry: ['Chạy thử', 'Dry run'], i_commit: ['Ghi vào hệ thống', 'Commit'],
    i_drop: ['Bỏ các dòng bị từ chối rồi chạy thử lại', 'Drop the refused rows and dry-run again'],
    i_empty: ['Chưa có nội dung: chọn tệp hoặc dán các dòng CSV', 'Nothing to send: choose a file or paste CSV rows'],
    i_too_big: ['Tệp lớn hơn {n} MB: hãy chia nhỏ', 'The file is larger than {n} MB: split it'],
    i_loaded: ['Đã đọc tệp {f} ({n} dòng)', 'Read {f} ({n} lines)'],
    i_running: ['Đang kiểm tra…', 'Checking…'], i_writing: ['Đang ghi…', 'Writing…'],
    i_sum: ['Đọc {rows} dòng dữ liệu: {ok} hợp lệ, {bad} bị từ chối.', '{rows} data rows read: {ok} accepted, {bad} refused.'],
    i_clean: ['Không có dòng lỗi: có thể ghi.', 'No row refused: ready to commit.'],
    i_fix: ['Sửa hoặc bỏ các dòng bị từ chối rồi chạy thử lại trước khi ghi.', 'Correct or drop the refused rows and dry-run again before committing.'],
    i_refused: ['Các dòng bị từ chối', 'Refused rows'], i_line: ['Dòng', 'Line'], i_row: ['Nội dung', 'Row'], i_reason: ['Lý do', 'Reason'],
    i_written: ['Đã ghi {n} bản ghi ({kind}), số {a}–{b}.', '{n} records written ({kind}), ids {a}–{b}.'],
    i_again: ['Nội dung này vừa được ghi lúc {at}: ghi lại sẽ tạo bản ghi trùng.', 'This content was committed at {at}: committing it again makes duplicates.'],
    i_stale: ['Nội dung đã thay đổi sau lần chạy thử: hãy chạy thử lại.', 'The content changed since the dry run: dry-run again.'],
    i_open_fac: ['Mở cơ sở #{id}', 'Open facility #{id}'], i_or: ['hoặc', 'or'],
  });

  const KINDS = {
    facilities: ['house_code|admin_unit_code*', 'category*', 'name*', 'operator_name', 'note'],
    safety_records: ['facility_id*', 'kind*', 'number', 'issued_by', 'issued_on*', 'valid_until', 'note', 'supersedes_id'],
    inspections: ['facility_id*', 'inspected_on*', 'inspector', 'result*', 'findings', 'ok_conditions', 'failed_conditions', 'supersedes_id'],
    violations: ['facility_id*', 'found_on*', 'legal_article*', 'description', 'fine_vnd', 'status', 'inspection_id', 'supersedes_id'],
    suspensions: ['facility_id*', 'kind*', 'decision_no', 'reason', 'start_on*', 'end_on', 'reinstated_on', 'supersedes_id'],
    fires: ['facility_id*', 'kind*', 'occurred_at*', 'cause', 'deaths', 'injuries', 'damage_vnd', 'supersedes_id'],
  };
  const MAX_MB = 1;

  /* The records of CSV text as the server's reader sees them (RFC 4180:
   * quoted fields may hold commas and line breaks): [{line, text}], line
   * being the physical line the record starts on; wholly empty lines are
   * not records; a leading byte-order mark is skipped. */
  function records(text) {
    const out = [];
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0, line = 1;
    while (i < text.length) {
      if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) { i += text[i] === '\r' ? 2 : 1; line++; continue; }
      const start = i, first = line;
      let q = false;
      for (; i < text.length; i++) {
        const c = text[i];
        if (c === '"') q = !q;
        else if (c === '\n') { if (!q) break; line++; }
      }
      out.push({line: first, text: text.slice(start, i).replace(/\r$/, '')});
      if (i < text.length) { i++; line++; }
    }
    return out;
  }

  /* The fields of one record's text (quotes removed, "" is one quote). */
  function fields(rec) {
    const out = [];
    let cur = '', q = false;
    for (let i = 0; i < rec.length; i++) {
      const c = rec[i];
      if (q && c === '"' && rec[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') q = !q;
      else if (c === ',' && !q) { out.push(cur); cur = ''; }
      else cur += c;
    }
    out.push(cur);
    return out;
  }

  /* The first record's column names. */
  function header(text) {
    const r = records(text)[0];
    return r ? fields(r.text).map(s => s.trim()) : [];
  }

  /* Wires the form inside root; opts.onCommit(result, kind, text) after a commit. */
  function mount(root, opts) {
    const kindSel = $('#imp-kind', root), file = $('#imp-file', root), area = $('#imp-text', root);
    const dry = $('#imp-dry', root), commit = $('#imp-commit', root), m = $('#imp-msg', root), report = $('#imp-report', root);
    const S = {last: null, committed: new Map()}; /* last: {kind, text, result} of the last dry run */
    kindSel.replaceChildren(...Object.keys(KINDS).map(k => el('option', {value: k, 'data-t': 'ik_' + k, text: t('ik_' + k)})));
    const cols = () => $('#imp-cols', root).textContent = t('i_cols', {c: KINDS[kindSel.value]
      .map(c => c.includes('|') ? c.replace(/^([^|]+)\|([^*]+)(\*?)$/, `$1$3 (${t('i_or')} $2)`) : c).join(', ')});
    const key = () => kindSel.value + '\n' + area.value;
    function sync() {
      const fresh = S.last && S.last.kind + '\n' + S.last.text === key();
      commit.disabled = !(fresh && S.last.result.rows_bad === 0 && S.last.result.rows_ok > 0);
      if (S.last && !fresh && !report.hidden) msg(m, t('i_stale'), 'error');
    }
    kindSel.addEventListener('change', () => { cols(); sync(); });
    area.addEventListener('input', sync);
    $('#imp-header', root).addEventListener('click', () => {
      const h = KINDS[kindSel.value].map(c => c.replace('*', '').split('|')[0]);
      const rest = records(area.value).filter((r, i) => !(i === 0 && /^[a-z_]+(,[a-z_]+)*$/.test(r.text.trim())));
      area.value = [h.join(','), ...rest.map(r => r.text)].join('\n') + '\n';
      sync();
      area.focus();
    });
    file.addEventListener('change', async () => {
      const f = file.files[0];
      if (!f) return;
      if (f.size > MAX_MB * 1048576) { msg(m, t('i_too_big', {n: MAX_MB}), 'error'); return; }
      area.value = (await f.text()).replace(/^\ufeff/, '');
      const names = header(area.value);
      for (const k of Object.keys(KINDS)) { /* guess the kind from the header */
        const alts = KINDS[k].map(c => c.replace('*', '').split('|'));
        const need = alts.filter((a, i) => KINDS[k][i].endsWith('*'));
        if (names.length && need.every(a => a.some(c => names.includes(c))) && names.every(c => alts.some(a => a.includes(c)))) {
          kindSel.value = k;
          break;
        }
      }
      cols();
      msg(m, t('i_loaded', {f: f.name, n: records(area.value).length}), 'ok');
      report.hidden = true;
      sync();
    });

    function show(res, text) {
      const recs = new Map(records(text).map(r => [r.line, r.text]));
      const errs = res.errors || [];
      report.hidden = false;
      report.replaceChildren(
        el('p.stat-line', {text: t('i_sum', {rows: res.rows, ok: res.rows_ok, bad: res.rows_bad})}),
        errs.length ? el('table.data.import-errors', null,
          el('caption', {text: t('i_refused')}),
          el('thead', null, el('tr', null, ['i_line', 'i_row', 'i_reason'].map(k => el('th', {scope: 'col', text: t(k)})))),
          el('tbody', null, errs.map(e => el('tr', {'data-line': e.line},
            el('td.num', {text: e.line}), el('td', null, el('code', {text: (recs.get(e.line) || '').slice(0, 160)})),
            el('td.bad', {text: e.reason}))))) : null,
        errs.length ? el('p.hint', {text: t('i_fix')}) : el('p.msg.ok', {text: t('i_clean')}),
        errs.length ? el('button#imp-drop', {type: 'button', onclick: () => drop(errs)}, t('i_drop')) : null);
    }
    function drop(errs) {
      const bad = new Set(errs.map(e => e.line));
      area.value = records(area.value).filter((r, i) => i === 0 || !bad.has(r.line)).map(r => r.text).join('\n') + '\n';
      run();
    }
    async function run() {
      const text = area.value, kind = kindSel.value;
      if (!text.trim()) { msg(m, t('i_empty'), 'error'); area.focus(); return; }
      msg(m, t('i_running'));
      dry.disabled = true;
      try {
        const res = await api('POST', '/api/v1/imports?kind=' + encodeURIComponent(kind), text, 'text/csv; charset=utf-8');
        S.last = {kind, text, result: res};
        const was = S.committed.get(kind + '\n' + text);
        msg(m, was ? t('i_again', {at: was}) : '', was ? 'error' : null);
        show(res, text);
      } catch (e) {
        S.last = null;
        report.hidden = true;
        msg(m, e.message, 'error');
      } finally {
        dry.disabled = false;
        sync();
      }
    }
    root.addEventListener('submit', ev => { ev.preventDefault(); run(); });
    commit.addEventListener('click', async () => {
      const {kind, text} = S.last;
      msg(m, t('i_writing'));
      commit.disabled = true;
      try {
        const res = await api('POST', `/api/v1/imports?kind=${encodeURIComponent(kind)}&commit=true`, text, 'text/csv; charset=utf-8');
        S.committed.set(kind + '\n' + text, PC.fmtTime(new Date().toISOString()));
        S.last = null;
        msg(m, t('i_written', {n: res.rows_ok, kind: t('ik_' + kind), a: res.first_id, b: res.last_id}), 'ok');
        report.replaceChildren(el('p.stat-line', {text: t('i_sum', {rows: res.rows, ok: res.rows_ok, bad: res.rows_bad})}));
        if (opts && opts.onCommit) opts.onCommit(res, kind, text, report);
      } catch (e) {
        const rows = e.problem && Array.isArray(e.problem.errors);
        if (rows) show(e.problem, text);
        msg(m, rows ? t('i_fix') : e.message, 'error');
      } finally { sync(); }
    });
    PC.onLang(() => { cols(); if (S.last && !report.hidden) show(S.last.result, S.last.text); });
    cols();
    sync();
    return S;
  }

  /* The facility ids a committed file touched: the new facilities for kind
   * facilities, else the facility_id column's values (at most max). */
  function facilityIds(res, kind, text, max) {
    const ids = [];
    if (kind === 'facilities') {
      for (let id = res.first_id; id <= res.last_id && ids.length < max; id++) ids.push(id);
      return ids;
    }
    const recs = records(text), col = header(text).indexOf('facility_id');
    for (const r of recs.slice(1)) {
      const v = Number(fields(r.text)[col]);
      if (col >= 0 && v > 0 && !ids.includes(v) && ids.length < max) ids.push(v);
    }
    return ids;
  }

  return {mount, records, fields, facilityIds, KINDS};
})();
