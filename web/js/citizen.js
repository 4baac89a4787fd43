/* citizen.js — the citizen's phone page: pick a place on the map, report a
 * fire hazard (POST /api/v1/reports), and follow my reports' status; "my
 * house" (claim and declare it from a sample type) is house.js. */
'use strict';
(async () => {
  const {$, el, t, api, msg} = PC;
  PC.addText({
    z_title: ['Phản ánh nguy cơ cháy nổ', 'Report a fire hazard'],
    z_hint: ['Bấm lên bản đồ để chọn vị trí, rồi mô tả điều bạn thấy. Gặp cháy: gọi ngay 114.', 'Tap the map to choose the place, then describe what you see. For a fire, call 114 now.'],
    z_map_label: ['Bản đồ: bấm để chọn vị trí', 'Map: tap to choose the place'],
    z_no_point: ['Chưa chọn vị trí', 'No place chosen yet'], z_point: ['Vị trí: {p}', 'Place: {p}'],
    z_kind: ['Loại phản ánh', 'Kind'], z_hazard: ['Nguy cơ cháy nổ', 'Fire hazard'], z_fire: ['Đang cháy', 'Fire now'], z_other: ['Khác', 'Other'],
    z_text: ['Mô tả', 'Description'], z_house: ['Mã nhà (nếu biết)', 'House code (if known)'], z_send: ['Gửi phản ánh', 'Send report'],
    z_sent: ['Đã gửi phản ánh số {id}. Cảm ơn bạn!', 'Report {id} sent. Thank you!'],
    z_sent_noid: ['Đã gửi phản ánh. Cảm ơn bạn!', 'Report sent. Thank you!'], z_need_point: ['Hãy bấm lên bản đồ để chọn vị trí', 'Tap the map to choose the place'],
    z_need_text: ['Hãy mô tả điều bạn thấy', 'Please describe what you see'], z_mine: ['Phản ánh của tôi', 'My reports'],
    z_none: ['Bạn chưa gửi phản ánh nào', 'You have not sent any report'],
    rs_submitted: ['đã gửi', 'submitted'], rs_received: ['đã tiếp nhận', 'received'], rs_processing: ['đang xử lý', 'being handled'],
    rs_resolved: ['đã giải quyết', 'resolved'], rs_rejected: ['không xử lý', 'rejected'],
    z_jump: ['Các phần của trang', 'Parts of this page'], z_report_link: ['Phản ánh', 'Report'],
  });
  await PC.start('citizen');
  const base = BaseMap.create('map');
  const map = base.map;
  let point = null, marker = null;
  const S = {sent: []};
  window.__pccc = S;
  S.map = map;
  map.on('click', ev => {
    point = ev.latlng;
    if (marker) marker.setLatLng(point);
    else marker = L.circleMarker(point, {radius: 10, color: '#fff', weight: 3, fillColor: '#d50000', fillOpacity: 1, className: 'picked'}).addTo(map);
    $('#r-where').textContent = t('z_point', {p: `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`});
  });

  $('#r-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const m = $('#r-msg');
    const text = $('#r-text').value.trim(), house = $('#r-house').value.trim();
    if (!point) { msg(m, t('z_need_point'), 'error'); return; }
    if (!text) { msg(m, t('z_need_text'), 'error'); $('#r-text').focus(); return; }
    const body = {kind: $('#r-kind').value, text, lat: Number(point.lat.toFixed(7)), lon: Number(point.lng.toFixed(7))};
    if (house) body.house_code = house.toUpperCase();
    $('#r-send').disabled = true;
    try {
      const r = await api('POST', '/api/v1/reports', body);
      S.sent.push(r && r.id);
      msg(m, r && r.id ? t('z_sent', {id: r.id}) : t('z_sent_noid'), 'ok');
      $('#r-text').value = '';
      mine();
    } catch (e) {
      msg(m, e.status === 404 && e.problem.detail === 'no such resource' ? t('not_yet') : e.message, 'error');
    } finally {
      $('#r-send').disabled = false;
    }
  });

  async function mine() {
    const list = $('#mine');
    try {
      const r = await api('GET', '/api/v1/reports?limit=50');
      const rows = r.items || [];
      list.replaceChildren(...(rows.length ? rows.map(x => el('li.report', {'data-report': x.id},
        el('strong', {text: `#${x.id} `}), el('span.status.s-' + x.status, {text: t('rs_' + x.status)}), ' ',
        el('span', {text: x.text || ''}), el('br'), el('small', {text: x.created_at || ''})))
        : [el('li.none', {text: t('z_none')})]));
    } catch (e) { list.replaceChildren(el('li.notice', {text: e.status === 404 ? t('not_yet') : e.message})); }
  }
  PC.onLang(mine);
  mine();
  House.start(S);
  setInterval(mine, 15000);
})();
