/* sheet.js — the building sheet (from the plan's "building"): scale,
 * occupants and vulnerable people, hazards, compliance, exits drawn on the
 * footprint (an SVG in metres around the entrance, north up), escape
 * routes. Used compact on the dispatcher page and whole on the commander
 * page, where it prints on one A4 page. */
'use strict';

const Sheet = (() => {
  const {el, t} = PC;
  PC.addText({
    sh_floors: ['Số tầng', 'Floors'], sh_basements: ['Tầng hầm', 'Basements'], sh_height: ['Chiều cao', 'Height'],
    sh_area: ['Diện tích sàn tầng 1', 'Footprint'], sh_apartments: ['Căn hộ', 'Apartments'], sh_rooms: ['Phòng', 'Rooms'],
    sh_occupants: ['Người ở', 'Occupants'], sh_vulnerable: ['Người cần hỗ trợ', 'People needing help'],
    sh_elderly: ['Người cao tuổi', 'Elderly'], sh_children: ['Trẻ em', 'Children'], sh_disabled: ['Người khuyết tật', 'Disabled'],
    sh_bedridden: ['Nằm liệt giường', 'Bedridden'], sh_hazards: ['Nguy cơ', 'Hazards'], sh_ground: ['Tầng 1 dùng làm', 'Ground floor use'],
    sh_exits: ['Lối thoát nạn', 'Exits'], sh_routes: ['Đường thoát nạn', 'Escape routes'], sh_compliance: ['Hồ sơ PCCC', 'Fire-safety record'],
    sh_not_managed: ['Không thuộc diện quản lý PCCC', 'Not a managed facility'], sh_last_insp: ['Kiểm tra gần nhất', 'Last inspection'],
    sh_never: ['chưa kiểm tra', 'never inspected'], sh_open_viol: ['Vi phạm chưa khắc phục', 'Open violations'],
    sh_fines: ['Tiền phạt chưa nộp', 'Unpaid fines'], sh_suspended: ['ĐANG BỊ ĐÌNH CHỈ', 'SUSPENDED'],
    sh_design: ['Thẩm duyệt thiết kế', 'Design approval'], sh_accept: ['Nghiệm thu', 'Acceptance'], sh_fires: ['Số vụ cháy đã ghi nhận', 'Fires recorded'],
    sh_house_code: ['Mã định danh', 'House code'], sh_ward: ['Phường/xã', 'Ward'], sh_footprint: ['Mặt bằng và lối ra', 'Footprint and exits'],
    sh_floor_n: ['tầng {n}', 'floor {n}'], sh_width: ['rộng {w} m', '{w} m wide'], sh_north: ['B', 'N'],
    res_pass: ['đạt', 'pass'], res_fail: ['không đạt', 'fail'], res_partial: ['đạt một phần', 'partial'],
    ex_main_door: ['Cửa chính', 'Main door'], ex_back_door: ['Cửa sau', 'Back door'], ex_stair: ['Cầu thang bộ', 'Stair'],
    ex_external_stair: ['Thang ngoài nhà', 'External stair'], ex_ladder: ['Thang dây/thang', 'Ladder'], ex_roof: ['Lối lên mái', 'Roof exit'],
    ex_window: ['Cửa sổ', 'Window'],
    hz_lpg: ['Bình gas LPG', 'LPG cylinders'], hz_motorbike_parking: ['Để xe máy tầng 1', 'Ground-floor motorbike parking'],
    hz_iron_cage_balcony: ['Ban công lồng sắt', 'Iron-cage balconies'], hz_single_exit: ['Chỉ có một lối thoát', 'Single exit'],
    hz_flammable_goods: ['Hàng hóa dễ cháy', 'Flammable goods'], hz_electric_vehicle_charging: ['Sạc xe điện', 'EV charging'],
    hz_workshop: ['Xưởng sản xuất', 'Workshop'], hz_chemicals: ['Hóa chất', 'Chemicals'],
    gf_workshop: ['xưởng', 'workshop'], gf_shop: ['cửa hàng', 'shop'], gf_parking: ['để xe', 'parking'], gf_living: ['ở', 'living'],
  });
  const tt = (prefix, code) => { const k = prefix + code, s = t(k); return s === k ? code : s; };
  const dash = v => (v === null || v === undefined ? '—' : v);

  function facts(b) {
    const rows = [
      ['sh_floors', dash(b.floors)], ['sh_basements', dash(b.basements)],
      ['sh_height', b.height_m === null ? '—' : b.height_m + ' m'],
      ['sh_area', b.footprint_m2 === null ? '—' : Math.round(b.footprint_m2) + ' m²'],
      ['sh_apartments', dash(b.apartments)], ['sh_rooms', dash(b.rooms)],
      ['sh_ground', b.ground_floor_use ? tt('gf_', b.ground_floor_use) : '—'],
    ];
    return el('dl.facts', null, rows.map(([k, v]) => [el('dt', {text: t(k)}), el('dd', {text: String(v)})]));
  }

  function people(b) {
    const v = b.vulnerable || {};
    const vul = ['elderly', 'children', 'disabled', 'bedridden'].filter(k => v[k] > 0);
    return el('div.people', null,
      el('p.occupants', null, el('strong', {text: t('sh_occupants') + ': '}), el('span.big', {text: dash(b.occupants)})),
      el('p.vulnerable' + (vul.length ? '.alert' : ''), null, el('strong', {text: t('sh_vulnerable') + ': '}),
        vul.length ? vul.map((k, i) => [i ? ', ' : '', `${v[k]} ${t('sh_' + k).toLowerCase()}`]) : t('none')));
  }

  function hazards(b) {
    const hz = b.hazards || [];
    return el('div.hazards', null, el('h4', {text: t('sh_hazards')}),
      hz.length ? el('ul.chips', null, hz.map(h => el('li.chip.danger', {text: tt('hz_', h)}))) : el('p', {text: t('none')}));
  }

  function compliance(c) {
    if (!c || !c.managed) return el('div.compliance', null, el('h4', {text: t('sh_compliance')}), el('p', {text: t('sh_not_managed')}));
    const r = c.last_result ? tt('res_', c.last_result) : '';
    const rows = [
      ['sh_last_insp', c.last_inspection_on ? `${c.last_inspection_on} (${r})` : t('sh_never'), c.last_result === 'fail'],
      ['sh_open_viol', c.open_violations, c.open_violations > 0],
      ['sh_fines', c.open_fines_vnd ? c.open_fines_vnd.toLocaleString('vi-VN') + ' ₫' : '0', c.open_fines_vnd > 0],
      ['sh_design', c.design_approval ? t('yes') : t('no'), !c.design_approval],
      ['sh_accept', c.acceptance ? t('yes') : t('no'), !c.acceptance],
      ['sh_fires', c.fires_recorded, c.fires_recorded > 0],
    ];
    return el('div.compliance', null, el('h4', {text: t('sh_compliance')}),
      c.suspended ? el('p.badge.danger', {text: `${t('sh_suspended')} (${c.suspension_kind || ''} ${c.suspended_since || ''})`}) : null,
      el('dl.facts', null, rows.map(([k, v, bad]) => [el('dt', {text: t(k)}), el('dd' + (bad ? '.warn' : ''), {text: String(v)})])));
  }

  /* The footprint and exits as an SVG, north up, scaled to fit. */
  function footprintSvg(b, size) {
    size = size || 220;
    const ring = b.footprint && b.footprint.coordinates && b.footprint.coordinates[0];
    if (!ring || ring.length < 4) return null;
    const lat0 = ring[0][1] * Math.PI / 180, mx = 111320 * Math.cos(lat0), my = 110574;
    const pts = [...ring, ...(b.exits || []).map(e => e.geometry.coordinates)];
    const xs = pts.map(p => p[0] * mx), ys = pts.map(p => p[1] * my);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const pad = 18, span = Math.max(x1 - x0, y1 - y0, 5), k = (size - 2 * pad) / span;
    const ox = (span - (x1 - x0)) / 2, oy = (span - (y1 - y0)) / 2; /* centre the shape */
    const P = p => [pad + (p[0] * mx - x0 + ox) * k, size - pad - (p[1] * my - y0 + oy) * k];
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
    svg.setAttribute('class', 'footprint');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', t('sh_footprint'));
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(NS, tag);
      for (const [a, v] of Object.entries(attrs)) e.setAttribute(a, v);
      if (text) e.textContent = text;
      svg.append(e);
      return e;
    };
    add('polygon', {points: ring.map(p => P(p).join(',')).join(' '), class: 'fp'});
    (b.escape_routes || []).forEach(r => {
      if (r.geometry) add('polyline', {points: r.geometry.coordinates.map(p => P(p).join(',')).join(' '), class: 'esc'});
    });
    (b.exits || []).forEach((e, i) => {
      const [x, y] = P(e.geometry.coordinates);
      add('circle', {cx: x, cy: y, r: 7, class: 'exit ' + e.kind});
      add('text', {x, y: y + 4, class: 'exit-n', 'text-anchor': 'middle'}, String(i + 1));
    });
    add('text', {x: size - 12, y: 16, class: 'north', 'text-anchor': 'middle'}, '↑' + t('sh_north'));
    const scaleM = span > 40 ? 20 : span > 15 ? 10 : 5;
    add('line', {x1: 8, y1: size - 6, x2: 8 + scaleM * k, y2: size - 6, class: 'scale'});
    add('text', {x: 10 + scaleM * k, y: size - 3, class: 'scale-t'}, scaleM + ' m');
    return svg;
  }

  function exitsList(b) {
    const ex = b.exits || [];
    return el('div.exits', null, el('h4', {text: `${t('sh_exits')} (${ex.length})`}),
      el('ol', null, ex.map(e => el('li', null, tt('ex_', e.kind),
        e.floor ? ' · ' + t('sh_floor_n', {n: e.floor}) : '', e.width_m ? ' · ' + t('sh_width', {w: e.width_m}) : ''))));
  }

  function routesList(b) {
    const r = b.escape_routes || [];
    if (!r.length) return null;
    return el('div.routes', null, el('h4', {text: t('sh_routes')}),
      el('ul', null, r.map(x => el('li', null, el('strong', {text: x.name}), x.description ? ' — ' + x.description : ''))));
  }

  function title(b) {
    const type = PC.lang() === 'en' ? b.type_en : b.type_vi;
    return el('header.sheet-head', null,
      el('h2', {text: b.name || b.address || b.house_code}),
      el('p.addr', null, b.name && b.address ? b.address + ' · ' : '', type || b.type || ''),
      el('p.code', null, t('sh_house_code') + ': ', el('code', {text: b.house_code || '—'}),
        b.ward ? ` · ${t('sh_ward')}: ${b.ward}` : ''));
  }

  /* The whole sheet (commander, print). */
  function full(b) {
    return el('article.sheet.full', {'aria-label': b.house_code},
      title(b),
      el('div.sheet-grid', null,
        el('section.col', null, facts(b), people(b), hazards(b), compliance(b.compliance)),
        el('section.col', null, el('h4', {text: t('sh_footprint')}), footprintSvg(b, 260), exitsList(b), routesList(b))));
  }
  /* The compact sheet (dispatcher). */
  function compact(b) {
    return el('article.sheet.compact', {'aria-label': b.house_code},
      title(b), people(b), hazards(b), el('details', null, el('summary', {text: t('sh_compliance') + ' · ' + t('sh_exits')}),
        facts(b), compliance(b.compliance), exitsList(b)));
  }
  return {full, compact, footprintSvg};
})();
