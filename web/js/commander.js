/* commander.js — the building sheet a commander reads before arriving,
 * printable on one A4 page: floors, exits on the footprint, occupants and
 * vulnerable people, hazards, compliance, and from the response plan the
 * staging point and hose length per vehicle, the nearest working hydrants
 * and the assembly areas. Opened by house code, address or coordinates, or
 * from an open incident. */
'use strict';
(async () => {
  const {$, el, t, api, msg} = PC;
  PC.addText({
    c_search_label: ['Mã nhà, địa chỉ hoặc tọa độ', 'House code, address or coordinates'],
    c_open: ['Mở phiếu', 'Open sheet'], c_print: ['In (A4)', 'Print (A4)'],
    c_incidents: ['Sự cố đang mở:', 'Open incidents:'], c_none_open: ['Không có sự cố đang mở.', 'No open incidents.'],
    c_no_building: ['Không có công trình tại điểm này.', 'No building at this point.'],
    c_pick: ['Nhiều địa điểm khớp, chọn một:', 'Several places match, pick one:'],
    c_access: ['Tiếp cận và nguồn nước', 'Access and water'], c_vehicle: ['Loại xe', 'Vehicle'],
    c_staging: ['Điểm đỗ', 'Staging'], c_hose: ['Vòi', 'Hose'], c_hydrants: ['Trụ nước gần nhất', 'Nearest hydrants'],
    c_assembly: ['Điểm tập kết', 'Assembly'], c_warnings: ['Cảnh báo', 'Warnings'], c_printed: ['In lúc {t}', 'Printed {t}'],
    c_door: ['tại cửa', 'at the door'], c_no: ['không vào được', 'no access'],
  });
  await PC.start('commander');
  const box = $('#sheet-box'), m = $('#c-msg');
  let plan = null;

  function extras(p) {
    const acc = (p.access || []).map(a => el('tr', null, el('td', {text: PlanView.kindName(a.vehicle)}),
      el('td', {text: !a.reachable ? t('c_no') : a.at_door ? t('c_door') : (a.staging_street || '')}),
      el('td' + (a.reachable && !a.within_hose_reach ? '.warn' : ''), {text: a.reachable ? PC.fmtM(a.hose_m) : '—'})));
    const hyd = ((p.water || {}).hydrants || []).slice(0, 4).map(h => `${h.code} (${PC.fmtM(h.path_m)})`).join(', ');
    const asm = ((p.evacuation || {}).assembly_areas || []).slice(0, 2).map(a => `${a.name || ''} (${PC.fmtM(a.path_m)})`).join(', ');
    const ws = p.warnings || [];
    return el('section.extras', null,
      ws.length ? el('div.block.warnings', {role: 'alert'}, el('h3', {text: t('c_warnings')}),
        el('ul', null, ws.map(w => el('li', {text: PC.lang() === 'en' ? w.text : w.text_vi})))) : null,
      el('h3', {text: t('c_access')}),
      el('table.data', null, el('thead', null, el('tr', null, el('th', {text: t('c_vehicle')}), el('th', {text: t('c_staging')}),
        el('th', {text: t('c_hose')}))), el('tbody', null, acc)),
      el('p', null, el('strong', {text: t('c_hydrants') + ': '}), hyd || t('none')),
      el('p', null, el('strong', {text: t('c_assembly') + ': '}), asm || t('none')),
      el('p.hint', {text: t('c_printed', {t: new Date().toLocaleString(PC.lang() === 'en' ? 'en-GB' : 'vi-VN')})}));
  }

  function render() {
    if (!plan) return;
    if (!plan.building) { box.replaceChildren(el('p.notice', {text: t('c_no_building')})); return; }
    const s = Sheet.full(plan.building);
    s.append(extras(plan));
    box.replaceChildren(s);
    $('#print-btn').disabled = false;
  }

  async function open(query) {
    msg(m, t('loading'), 'info');
    try {
      plan = await api('GET', '/api/v1/plan?' + query);
      msg(m, '');
      render();
    } catch (e) {
      plan = null;
      $('#print-btn').disabled = true;
      const c = e.problem && (e.problem.candidates || e.problem.suggestions);
      if (e.status === 422 && c) {
        msg(m, '');
        box.replaceChildren(el('div.toolbar', null, el('p', {text: t('c_pick')}), el('ol.candidates', null, c.map(x => el('li', null,
          el('button.pick', {type: 'button', onclick: () => open('house=' + encodeURIComponent(x.house_code))}, x.address || x.house_code))))));
      } else msg(m, `${t('error')}: ${e.message}`, 'error');
    }
  }

  async function incidents() {
    const bar = $('#c-incidents');
    try {
      const r = await api('GET', '/api/v1/incidents?status=open');
      const list = (r.items || []).filter(i => i.status === 'open');
      bar.replaceChildren(el('span', {text: list.length ? t('c_incidents') : t('c_none_open')}),
        ...list.map(i => el('button.small', {type: 'button', onclick: () => open(`lat=${i.lat}&lon=${i.lon}`)},
          `${i.code} · ${i.address || ''}`)));
    } catch (e) { bar.replaceChildren(); }
  }

  $('#c-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const q = $('#cq').value.trim();
    if (q) open(PlanView.queryFor(q));
  });
  $('#print-btn').addEventListener('click', () => window.print());
  PC.onLang(render);
  incidents();
  const q = new URLSearchParams(location.search).get('q');
  if (q) { $('#cq').value = q; open(PlanView.queryFor(q)); } else $('#cq').focus();
})();
