/* planner.js — coverage and gaps for PC07 planners.
 *
 * What the data allows today: stations and every hydrant by status; the
 * buildings in view farther than a threshold (default 150 m, the usual
 * urban hydrant spacing) from any working hydrant, straight-line, listed
 * and drawn; and probes: a click asks the real response plan at that
 * point and compares the first engine's drive time with the target
 * (default 4 minutes, NFPA 1710). Drive-time coverage coloured per ward
 * and per building needs the coverage API: the panel turns it on when the
 * server documents GET /api/v1/coverage, and says so until then. What-if
 * scenarios (drop or remove a station, see the delta) are whatif.js. */
'use strict';
(async () => {
  const {$, el, t, api} = PC;
  PC.addText({
    p_title: ['Độ phủ và khoảng trống', 'Coverage and gaps'], p_coverage: ['Độ phủ theo thời gian xe chạy', 'Drive-time coverage'],
    p_cov_wait: ['Máy chủ chưa có API độ phủ (GET /api/v1/coverage). Khi có, bản đồ sẽ tô màu từng nhà và phường theo dải thời gian xe chạy. Trong lúc chờ: dùng "Đo thời gian đến".',
      'The server has no coverage API yet (GET /api/v1/coverage). When it lands, the map colours each building and ward by drive-time band. Meanwhile: use the arrival-time probe.'],
    p_cov_show: ['Hiện độ phủ', 'Show coverage'],
    p_probe: ['Đo thời gian đến', 'Arrival-time probe'],
    p_probe_hint: ['Bấm lên bản đồ: thời gian xe chữa cháy đầu tiên đến điểm đó theo đường thực tế.', 'Click the map: the first fire engine\'s real drive time to that point.'],
    p_target: ['Chỉ tiêu (phút)', 'Target (minutes)'], p_gaps: ['Nhà xa trụ nước hoạt động', 'Buildings far from a working hydrant'],
    p_gap_hint: ['Khoảng cách đường chim bay từ nhà đến trụ nước hoạt động gần nhất, trong khung nhìn.', 'Straight-line distance from each building in view to the nearest working hydrant.'],
    p_gap_m: ['Ngưỡng (m)', 'Threshold (m)'], p_gap_l: ['Nhà vượt ngưỡng', 'Building beyond threshold'],
    hs_working_l: ['Trụ hoạt động', 'Working hydrant'], hs_broken_l: ['Trụ hỏng', 'Broken hydrant'], hs_unknown_l: ['Trụ chưa rõ', 'Hydrant, status unknown'],
    p_gap_sum: ['{g} / {n} nhà trong khung nhìn vượt {m} m', '{g} of {n} buildings in view beyond {m} m'],
    p_gap_zoom: ['Phóng to để xem nhà.', 'Zoom in to see buildings.'],
    p_probe_res: ['{eta} — {u}', '{eta} — {u}'], p_ok: ['đạt', 'met'], p_miss: ['KHÔNG ĐẠT', 'MISSED'],
    p_no_engine: ['không xe nào đến được', 'no engine can reach'], p_map_label: ['Bản đồ quy hoạch: bấm để đo thời gian đến', 'Planning map: click to probe arrival time'],
  });
  await PC.start('planner');
  const base = BaseMap.create('map');
  const map = base.map;
  const res = PlanView.resources(map);
  await res.load(['hydrants', 'stations']);
  const gapLayer = L.layerGroup().addTo(map);
  const probeLayer = L.layerGroup().addTo(map);
  const svg = L.svg();
  const S = {gaps: [], probes: []};
  window.__pccc = S;
  S.map = map;

  function working() {
    const out = [];
    res.layers.hydrants.eachLayer(l => { if (l.feature.properties.status === 'working') out.push(l.getLatLng()); });
    return out;
  }
  function centre(f) {
    const g = f.geometry;
    const ring = g.type === 'MultiPolygon' ? g.coordinates[0][0] : g.coordinates[0];
    let x = 0, y = 0;
    ring.forEach(c => { x += c[0]; y += c[1]; });
    return L.latLng(y / ring.length, x / ring.length);
  }
  function gaps() {
    const lim = Number($('#gap-m').value) || 150;
    const hyd = working();
    gapLayer.clearLayers();
    const list = [];
    let n = 0;
    base.buildings.eachLayer(l => {
      n++;
      const c = centre(l.feature);
      let best = Infinity;
      for (const h of hyd) { const d = c.distanceTo(h); if (d < best) best = d; }
      if (best > lim) {
        list.push({f: l.feature, d: best, c});
        L.geoJSON(l.feature, {renderer: svg, style: {color: '#e65100', weight: 2, fillColor: '#ff6f00', fillOpacity: 0.75,
          className: 'gap-building'}}).addTo(gapLayer);
      }
    });
    list.sort((a, b) => b.d - a.d);
    S.gaps = list;
    $('#gap-sum').textContent = n ? t('p_gap_sum', {g: list.length, n, m: lim}) : t('p_gap_zoom');
    $('#gap-list').replaceChildren(...list.slice(0, 30).map(g => el('li', null,
      el('button.small', {type: 'button', onclick: () => map.setView(g.c, 19)}, g.f.properties.code || '#' + g.f.id),
      ` ${PC.fmtM(g.d)}`)));
  }
  map.on('basemap:loaded', gaps);
  $('#gap-m').addEventListener('change', gaps);

  async function probe(ll) {
    const target = (Number($('#target-min').value) || 4) * 60;
    try {
      const p = await api('GET', `/api/v1/plan?lat=${ll.lat.toFixed(7)}&lon=${ll.lng.toFixed(7)}`);
      const eng = (p.units || []).filter(u => u.kind === 'engine' || u.kind === 'small_engine').sort((a, b) => a.eta_s - b.eta_s)[0];
      const ok = eng && eng.eta_s <= target;
      S.probes.unshift({ll, eta_s: eng ? eng.eta_s : null, ok});
      L.circleMarker(ll, {renderer: svg, radius: 9, weight: 2, color: '#fff', fillOpacity: 1, fillColor: ok ? '#43a047' : '#d32f2f',
        className: 'probe ' + (ok ? 'probe-ok' : 'probe-miss')})
        .bindTooltip(eng ? `${eng.code}: ${PC.fmtEta(eng.eta_s)}` : t('p_no_engine')).addTo(probeLayer);
      if (eng && eng.route) L.polyline(eng.route.coordinates.map(c => [c[1], c[0]]), {renderer: svg, color: ok ? '#2e7d32' : '#c62828',
        weight: 3, opacity: 0.7, className: 'route'}).addTo(probeLayer);
      renderProbes();
    } catch (e) {
      S.probes.unshift({ll, error: e.message});
      renderProbes();
    }
  }
  function renderProbes() {
    $('#probes').replaceChildren(el('ol.places', null, S.probes.slice(0, 10).map(p => el('li', null,
      `${p.ll.lat.toFixed(5)}, ${p.ll.lng.toFixed(5)}: `,
      p.error ? el('span.bad', {text: p.error}) : p.eta_s === null ? el('span.bad', {text: t('p_no_engine')})
        : [el('strong', {text: PC.fmtEta(p.eta_s) + ' '}), el('span' + (p.ok ? '' : '.bad'), {text: p.ok ? t('p_ok') : t('p_miss')})]))));
  }
  /* what-if scenarios (whatif.js): in its placing modes a click edits the scenario */
  const wi = WhatIf.create({map, res});
  S.whatif = wi.S;
  map.on('click', ev => { if (!wi.click(ev.latlng)) probe(ev.latlng); });

  /* drive-time coverage, when the server has it */
  const cov = $('#coverage');
  if (await PC.has('GET', '/api/v1/coverage')) {
    /* buildings come as entrance points (GET /api/v1/coverage?bbox=): drawn as circles */
    const layer = L.geoJSON(null, {renderer: svg, pointToLayer: (f, ll) => L.circleMarker(ll, {radius: 4, renderer: svg}), style: f => {
      const m = (f.properties.eta_s || 0) / 60;
      return {weight: 0.5, color: '#555', fillOpacity: 0.6, className: 'coverage',
              fillColor: m <= 4 ? '#1a9850' : m <= 6 ? '#91cf60' : m <= 8 ? '#fee08b' : m <= 10 ? '#fc8d59' : '#d73027'};
    }}).addTo(map);
    cov.replaceChildren(el('button.primary', {type: 'button', onclick: async () => {
      const b = map.getBounds();
      const fc = await api('GET', `/api/v1/coverage?bbox=${[b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(5)).join(',')}`);
      layer.clearLayers();
      layer.addData(fc);
    }}, t('p_cov_show')));
  } else {
    cov.replaceChildren(el('p.notice', {text: t('p_cov_wait')}));
  }
  PC.onLang(() => { gaps(); renderProbes(); if (!cov.querySelector('button')) cov.replaceChildren(el('p.notice', {text: t('p_cov_wait')})); });
})();
