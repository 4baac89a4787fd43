/* house.js — "my house" on the citizen's phone page: claim a house by its
 * house code (an officer of the ward confirms it), then declare it from a
 * sample house type, and follow the claims and declarations.
 *
 * Sample types come from the server (GET /api/v1/house-types: rows of
 * house_type_sample, with their exits and hazards) plus a few common
 * Hanoi types kept here (single-storey nhà cấp 4, garden house, terraced
 * house with a basement, small mini apartment block) that the server has
 * no sample for: they fill the same fields the declaration API accepts
 * (type, floors, basements, apartments, rooms, ground-floor use, hazards,
 * exits) and are sent without a `sample`. The citizen's last declaration of
 * the house is offered as a starting point too. Picking a type pre-fills
 * the form; the citizen corrects what differs and gives the number of
 * occupants and of people who would need help (counts only, no names).
 * A new declaration of a house whose last one is still awaiting review, or
 * was returned, corrects it (supersedes_id). */
'use strict';

const House = (() => {
  const {$, el, t, api, msg} = PC;
  PC.addText({
    h_title: ['Nhà của tôi', 'My house'],
    h_hint: ['Nhập mã số nhà (in trên biển số nhà định danh) để nhận nhà; cán bộ phường xác nhận rồi bạn khai báo nhà theo loại nhà mẫu.',
      'Enter the house code (on the house identity plate) to claim your house; once the ward officer confirms it, declare it from a sample type.'],
    h_code: ['Mã số nhà', 'House code'], h_claim: ['Gửi yêu cầu nhận nhà', 'Claim this house'],
    h_claimed: ['Đã gửi yêu cầu số {id}: chờ cán bộ phường xác nhận.', 'Claim {id} sent: waiting for the ward officer.'],
    h_none: ['Bạn chưa nhận nhà nào', 'You have not claimed a house yet'],
    cs_pending: ['chờ xác nhận', 'awaiting confirmation'], cs_confirmed: ['đã xác nhận', 'confirmed'], cs_refused: ['bị từ chối', 'refused'],
    ds_submitted: ['đã gửi, chờ duyệt', 'sent, awaiting review'], ds_accepted: ['đã được chấp nhận', 'accepted'],
    ds_returned: ['bị trả lại', 'returned'], ds_superseded: ['đã thay bằng khai báo sau', 'replaced by a later one'],
    h_declare: ['Khai báo nhà này', 'Declare this house'], h_redeclare: ['Khai báo lại', 'Declare again'],
    h_decl_line: ['Khai báo #{id} ({when}): {type}, {f} tầng, {o} người', 'Declaration #{id} ({when}): {type}, {f} floors, {o} people'],
    h_reason: ['Lý do: {r}', 'Reason: {r}'],
    h_form_title: ['Khai báo nhà {code}', 'Declare house {code}'],
    h_step1: ['1. Chọn loại nhà mẫu gần giống nhà bạn', '1. Pick the sample type closest to your house'],
    h_step2: ['2. Sửa lại cho đúng nhà bạn', '2. Correct what differs'],
    h_step3: ['3. Người ở trong nhà', '3. People living there'],
    h_step3_hint: ['Chỉ ghi số người, không ghi tên. Người cần hỗ trợ khi thoát nạn giúp lực lượng chữa cháy cứu kịp.',
      'Counts only, no names. People who need help to get out tell the fire brigade whom to rescue first.'],
    h_type: ['Loại nhà', 'Building type'], h_floors: ['Số tầng nổi', 'Floors above ground'], h_basements: ['Số tầng hầm', 'Basements'],
    h_apartments: ['Số căn hộ', 'Apartments'], h_rooms: ['Số phòng cho thuê', 'Rooms to let'], h_use: ['Tầng 1 dùng để', 'Ground floor used for'],
    h_hazards: ['Nguy cơ cháy nổ', 'Fire hazards'], h_exits: ['Lối thoát nạn', 'Exits'],
    h_exit_kind: ['Loại lối thoát', 'Kind of exit'], h_exit_floor: ['Tầng', 'Floor'], h_exit_width: ['Rộng (m)', 'Width (m)'],
    h_exit_add: ['+ Thêm lối thoát', '+ Add an exit'], h_exit_del: ['Bỏ lối thoát {n}', 'Remove exit {n}'], h_exit_n: ['Lối {n}', 'Exit {n}'],
    h_occupants: ['Tổng số người ở', 'People living there'], h_elderly: ['Người cao tuổi (từ 60)', 'Elderly (60 and over)'],
    h_children: ['Trẻ em dưới 16 tuổi', 'Children under 16'], h_disabled: ['Người khuyết tật', 'People with a disability'],
    h_bedridden: ['Người nằm liệt giường', 'Bedridden people'],
    h_send: ['Gửi khai báo', 'Send the declaration'], h_cancel: ['Để sau', 'Not now'],
    h_sent: ['Đã gửi khai báo số {id}. Cán bộ phường sẽ xem và xác nhận.', 'Declaration {id} sent. The ward officer will review it.'],
    h_pick: ['Hãy chọn một loại nhà mẫu', 'Pick a sample type'], h_need_occ: ['Hãy ghi tổng số người ở', 'Give the number of people living there'],
    h_vuln_over: ['Số người cần hỗ trợ không thể lớn hơn tổng số người ở', 'People needing help cannot outnumber the people living there'],
    h_need_exit: ['Hãy ghi ít nhất một lối thoát', 'Give at least one exit'],
    h_prev: ['Như khai báo trước của tôi (#{id})', 'As my previous declaration (#{id})'],
    h_sample_desc: ['{f} tầng{b} · tầng 1: {use} · {e} lối thoát', '{f} floors{b} · ground floor: {use} · {e} exits'],
    h_bsm: [', {n} hầm', ', {n} basement(s)'],
    bt_house: ['Nhà ở riêng lẻ', 'Detached or tube house'], bt_house_business: ['Nhà ở kết hợp kinh doanh, sản xuất', 'House with a business'],
    bt_mini_apartment: ['Chung cư mini', 'Mini apartment building'], bt_boarding_house: ['Nhà trọ', 'Boarding house'],
    bt_hotel: ['Nhà nghỉ, khách sạn', 'Guest house or hotel'],
    gu_shop: ['cửa hàng, kinh doanh', 'a shop'], gu_living: ['để ở', 'living'], 'gu_motorbike parking': ['để xe máy', 'motorbike parking'],
    gu_rooms: ['phòng ở, phòng trọ', 'rooms'], gu_workshop: ['xưởng sản xuất', 'a workshop'], gu_storage: ['kho hàng', 'storage'],
    gu_office: ['văn phòng', 'an office'],
    hz_lpg: ['Bình gas LPG', 'LPG cylinders'], hz_motorbike_parking: ['Để xe máy ở tầng 1', 'Motorbikes parked on the ground floor'],
    hz_iron_cage_balcony: ['Ban công, cửa sổ có lồng sắt', 'Iron-cage balconies or windows'], hz_single_exit: ['Chỉ có một lối ra', 'Only one way out'],
    hz_flammable_goods: ['Chứa hàng hóa dễ cháy', 'Flammable goods stored'], hz_electric_vehicle_charging: ['Sạc xe điện trong nhà', 'Electric vehicles charged indoors'],
    hz_workshop: ['Xưởng sản xuất trong nhà', 'Workshop inside'], hz_chemicals: ['Hóa chất', 'Chemicals'],
    ex_main_door: ['Cửa chính', 'Main door'], ex_back_door: ['Cửa sau', 'Back door'], ex_stair: ['Cầu thang bộ', 'Staircase'],
    ex_external_stair: ['Cầu thang ngoài nhà', 'External stair'], ex_ladder: ['Thang thoát hiểm', 'Escape ladder'],
    ex_roof: ['Lối lên mái', 'Way onto the roof'], ex_window: ['Cửa sổ thoát nạn', 'Escape window'],
    /* sample types kept in the page (no server sample) */
    st_cap4: ['Nhà cấp 4 (một tầng)', 'Single-storey house (nhà cấp 4)'], st_vuon: ['Nhà vườn', 'Garden house'],
    st_lienke: ['Nhà liền kề, biệt thự có tầng hầm', 'Terraced house or villa with a basement'],
    st_mini5: ['Chung cư mini đến 5 tầng', 'Mini apartment building, up to 5 floors'],
  });

  const TYPES = ['house', 'house_business', 'mini_apartment', 'boarding_house', 'hotel'];
  const USES = ['living', 'shop', 'motorbike parking', 'rooms', 'workshop', 'storage', 'office'];
  const HAZARDS = ['lpg', 'motorbike_parking', 'iron_cage_balcony', 'single_exit', 'flammable_goods', 'electric_vehicle_charging',
    'workshop', 'chemicals'];
  const EXITS = ['main_door', 'back_door', 'stair', 'external_stair', 'ladder', 'roof', 'window'];
  const ex = (kind, floor, width_m) => ({kind, floor, width_m});
  const PAGE_TYPES = [
    {code: 'page:cap4', name: 'st_cap4', type_code: 'house', floors: 1, basements: 0, ground_floor_use: 'living',
     exits: [ex('main_door', 0, 2.0), ex('back_door', 0, 0.9)], hazards: ['lpg']},
    {code: 'page:vuon', name: 'st_vuon', type_code: 'house', floors: 2, basements: 0, ground_floor_use: 'living',
     exits: [ex('main_door', 0, 2.5), ex('back_door', 0, 1.0), ex('stair', 0, 1.0)], hazards: []},
    {code: 'page:lienke', name: 'st_lienke', type_code: 'house', floors: 4, basements: 1, ground_floor_use: 'motorbike parking',
     exits: [ex('main_door', 0, 3.0), ex('stair', 0, 1.0), ex('roof', 4, null)], hazards: ['motorbike_parking', 'electric_vehicle_charging']},
    {code: 'page:mini5', name: 'st_mini5', type_code: 'mini_apartment', floors: 5, basements: 0, apartments: 10, ground_floor_use: 'motorbike parking',
     exits: [ex('main_door', 0, 2.0), ex('stair', 0, 1.0)], hazards: ['motorbike_parking', 'electric_vehicle_charging', 'single_exit']},
  ];
  /* the order a citizen looks for them in: the common Hanoi houses first */
  const ORDER = ['tube_house_shop', 'tube_house', 'page:cap4', 'page:mini5', 'mini_apartment_6_9', 'boarding_house_multi', 'boarding_row',
    'page:vuon', 'page:lienke', 'house_workshop'];
  const S = {claims: [], decls: [], types: null, form: null};
  const word = (prefix, v) => { const s = t(prefix + v); return s === prefix + v ? v : s; };

  /* Server samples and page types, as one list of templates. */
  async function types() {
    if (S.types) return S.types;
    let server = [];
    try {
      const r = await api('GET', '/api/v1/house-types');
      server = (r.house_types || []).map(h => Object.assign({}, h, {
        sample: h.code, name: null, names: [h.name_vi, h.name_en],
        exits: (r.exits || []).filter(e => e.sample_code === h.code).map(e => ex(e.kind, e.floor, e.width_m)),
        hazards: (r.hazards || []).filter(z => z.sample_code === h.code).map(z => z.hazard_code),
      }));
    } catch (e) { /* the page's own types still work */ }
    const all = server.concat(PAGE_TYPES);
    const rank = c => { const i = ORDER.indexOf(c); return i < 0 ? ORDER.length : i; };
    S.types = all.sort((a, b) => rank(a.code) - rank(b.code));
    return S.types;
  }
  const typeName = x => x.names ? x.names[PC.lang() === 'en' ? 1 : 0] : t(x.name);

  /* --- the list: my claims, each with its latest declaration ------------------ */
  async function load() {
    try {
      const [c, d] = await Promise.all([api('GET', '/api/v1/claims?limit=100'), api('GET', '/api/v1/declarations?limit=100')]);
      S.claims = c.items || [];
      S.decls = d.items || [];
    } catch (e) {
      $('#houses').replaceChildren(el('li.notice', {text: e.status === 404 ? t('not_yet') : e.message}));
      return;
    }
    render();
  }
  const declsOf = bid => S.decls.filter(x => x.building_id === bid).sort((a, b) => b.id - a.id);
  function render() {
    const list = $('#houses');
    if (!S.claims.length) { list.replaceChildren(el('li.none', {text: t('h_none')})); return; }
    list.replaceChildren(...S.claims.map(c => {
      const ds = declsOf(c.building_id).filter(x => x.status !== 'superseded');
      const last = ds[0];
      return el('li.house', {'data-house': c.house_code, 'data-claim': c.id},
        el('strong', {text: c.house_code}), ' ', el('span.status.s-' + c.status, {text: t('cs_' + c.status)}),
        el('br'), el('small', {text: c.address || ''}),
        c.status === 'refused' && c.reason ? el('p.bad', {text: t('h_reason', {r: c.reason})}) : null,
        ds.length ? el('ul.decls', null, ds.slice(0, 3).map(x => el('li.decl', {'data-decl': x.id, 'data-status': x.status},
          el('span', {text: t('h_decl_line', {id: x.id, when: PC.fmtTime(x.created_at), f: x.floors, o: x.occupants,
            type: x.sample_code ? sampleName(x.sample_code) : word('bt_', x.type_code)})}), ' ',
          el('span.status.s-' + x.status, {text: t('ds_' + x.status)}),
          x.status === 'returned' && x.reason ? el('span.bad', {text: ' ' + t('h_reason', {r: x.reason})}) : null))) : null,
        c.status === 'confirmed' ? el('button.small.declare', {type: 'button', 'data-house': c.house_code, onclick: () => open(c, last)},
          t(last ? 'h_redeclare' : 'h_declare')) : null);
    }));
  }
  function sampleName(code) {
    const x = (S.types || []).find(y => y.code === code);
    return x ? typeName(x) : code;
  }

  /* --- the declaration form --------------------------------------------------- */
  const num = (name, key, attrs) => {
    const id = 'd-' + name;
    return el('div.field', null, el('label', {for: id, 'data-t': key, text: t(key)}),
      el('input#' + id, Object.assign({name, type: 'number', min: 0, step: 1, inputmode: 'numeric'}, attrs || {})));
  };
  function exitRow(box, x) {
    const n = box.children.length + 1;
    const kind = el('select', {name: 'exit_kind', 'aria-label': t('h_exit_kind') + ' ' + n},
      EXITS.map(k => el('option', {value: k, selected: x && x.kind === k, text: word('ex_', k)})));
    const floor = el('input', {name: 'exit_floor', type: 'number', min: -20, max: 200, step: 1, value: x ? x.floor || 0 : 0,
      'aria-label': t('h_exit_floor') + ' ' + n});
    const width = el('input', {name: 'exit_width', type: 'number', min: 0, max: 50, step: 0.1,
      value: x && x.width_m !== null && x.width_m !== undefined && x.width_m >= 0 ? x.width_m : '', 'aria-label': t('h_exit_width') + ' ' + n});
    const row = el('li.exit-row', null, el('span.exit-n', {text: t('h_exit_n', {n})}), kind,
      el('span.exit-f', null, t('h_exit_floor') + ' ', floor), el('span.exit-w', null, t('h_exit_width') + ' ', width),
      el('button.small', {type: 'button', 'aria-label': t('h_exit_del', {n}), text: '✕', onclick: () => {
        row.remove();
        box.querySelector('select') ? box.querySelector('select').focus() : $('#d-exit-add').focus();
      }}));
    box.append(row);
    return row;
  }
  function fill(f, x) {
    const type = f.elements.type_code;
    if (x.type_code && ![...type.options].some(o => o.value === x.type_code))
      type.append(el('option', {value: x.type_code, text: x.type_code}));
    type.value = x.type_code || 'house';
    for (const k of ['floors', 'basements', 'apartments', 'rooms'])
      f.elements[k].value = x[k] === null || x[k] === undefined ? '' : x[k];
    const use = f.elements.ground_floor_use;
    if (x.ground_floor_use && ![...use.options].some(o => o.value === x.ground_floor_use))
      use.append(el('option', {value: x.ground_floor_use, text: x.ground_floor_use}));
    use.value = x.ground_floor_use || 'living';
    f.querySelectorAll('input[name=hazard]').forEach(c => { c.checked = (x.hazards || []).includes(c.value); });
    const box = $('#d-exits');
    box.replaceChildren();
    (x.exits || []).forEach(e => exitRow(box, e));
  }
  async function open(claim, last) {
    const all = await types();
    const tmpl = all.slice();
    if (last) {
      try {
        const sh = await api('GET', `/api/v1/declarations/${last.id}`);
        tmpl.unshift(Object.assign({}, sh.declaration, {code: 'prev:' + last.id, sample: sh.declaration.sample_code, prev: last.id,
          hazards: (sh.hazards || []).map(h => h.hazard_code), exits: sh.exits || []}));
      } catch (e) { /* start from the samples */ }
    }
    const box = $('#decl-box');
    const f = el('form#decl-form.form-grid', {novalidate: true, 'aria-labelledby': 'decl-h'},
      el('h3#decl-h', {tabindex: -1, text: t('h_form_title', {code: claim.house_code})}),
      el('fieldset.samples', null, el('legend', {text: t('h_step1')}),
        tmpl.map(x => el('label.sample', null,
          el('input', {type: 'radio', name: 'sample', value: x.code, onchange: () => fill(f, x)}),
          el('span.sample-name', {text: x.prev ? t('h_prev', {id: x.prev}) : typeName(x)}),
          el('small', {text: t('h_sample_desc', {f: x.floors, b: x.basements ? t('h_bsm', {n: x.basements}) : '',
            use: word('gu_', x.ground_floor_use || 'living'), e: (x.exits || []).length})})))),
      el('fieldset', null, el('legend', {text: t('h_step2')}),
        el('div.field.wide', null, el('label', {for: 'd-type', text: t('h_type')}),
          el('select#d-type', {name: 'type_code'}, TYPES.map(k => el('option', {value: k, text: word('bt_', k)})))),
        num('floors', 'h_floors', {max: 200, required: true}), num('basements', 'h_basements', {max: 20}),
        num('apartments', 'h_apartments', {max: 2000}), num('rooms', 'h_rooms', {max: 5000}),
        el('div.field.wide', null, el('label', {for: 'd-use', text: t('h_use')}),
          el('select#d-use', {name: 'ground_floor_use'}, USES.map(k => el('option', {value: k, text: word('gu_', k)}))))),
      el('fieldset.hazards', null, el('legend', {text: t('h_hazards')}),
        HAZARDS.map(k => el('label.check', null, el('input', {type: 'checkbox', name: 'hazard', value: k}), ' ', word('hz_', k)))),
      el('fieldset', null, el('legend', {text: t('h_exits')}), el('ol#d-exits.exits'),
        el('button#d-exit-add.small', {type: 'button', onclick: () => exitRow($('#d-exits')).querySelector('select').focus()}, t('h_exit_add'))),
      el('fieldset', null, el('legend', {text: t('h_step3')}), el('p.hint', {text: t('h_step3_hint')}),
        num('occupants', 'h_occupants', {max: 10000, required: true}), num('vuln_elderly', 'h_elderly', {max: 10000, value: 0}),
        num('vuln_children', 'h_children', {max: 10000, value: 0}), num('vuln_disabled', 'h_disabled', {max: 10000, value: 0}),
        num('vuln_bedridden', 'h_bedridden', {max: 10000, value: 0})),
      el('button#d-send.primary', {type: 'submit', text: t('h_send')}),
      el('button.cancel', {type: 'button', text: t('h_cancel'), onclick: () => close(claim)}),
      el('p#d-msg.msg', {role: 'status', hidden: true}));
    f.addEventListener('submit', ev => { ev.preventDefault(); submit(f, claim, last, tmpl); });
    box.replaceChildren(f);
    box.hidden = false;
    S.form = {claim, last, tmpl};
    f.querySelector('h3').focus();
  }
  /* What the citizen typed, to rebuild the form in the other language. */
  function snapshot(f) {
    const pick = f.querySelector('input[name=sample]:checked');
    const fields = {};
    f.querySelectorAll('input[type=number][id], select[id]').forEach(i => { fields[i.id] = i.value; });
    return {sample: pick && pick.value, fields, hazards: [...f.querySelectorAll('input[name=hazard]:checked')].map(c => c.value),
      exits: [...f.querySelectorAll('#d-exits li')].map(li => ex(li.querySelector('select').value,
        Number(li.querySelector('[name=exit_floor]').value) || 0, li.querySelector('[name=exit_width]').value))};
  }
  function restore(f, st) {
    if (st.sample) { const r = f.querySelector(`input[name=sample][value="${st.sample}"]`); if (r) r.checked = true; }
    for (const [id, v] of Object.entries(st.fields)) { const i = f.querySelector('#' + CSS.escape(id)); if (i) i.value = v; }
    f.querySelectorAll('input[name=hazard]').forEach(c => { c.checked = st.hazards.includes(c.value); });
    $('#d-exits').replaceChildren();
    st.exits.forEach(e => exitRow($('#d-exits'), Object.assign(e, {width_m: e.width_m === '' ? null : Number(e.width_m)})));
  }
  function close(claim) {
    $('#decl-box').replaceChildren();
    $('#decl-box').hidden = true;
    S.form = null;
    const b = document.querySelector(`#houses button.declare[data-house="${claim.house_code}"]`);
    if (b) b.focus();
  }

  /* The request body from the form; null (with the message shown) when incomplete. */
  function body(f, claim, last, tmpl, m) {
    const fe = f.elements, pick = f.querySelector('input[name=sample]:checked');
    const int = k => fe[k].value === '' ? null : Math.trunc(Number(fe[k].value));
    if (!pick) { msg(m, t('h_pick'), 'error'); f.querySelector('input[name=sample]').focus(); return null; }
    const x = tmpl.find(y => y.code === pick.value);
    const b = {house_code: claim.house_code, type_code: fe.type_code.value, ground_floor_use: fe.ground_floor_use.value};
    if (x.sample) b.sample = x.sample;
    for (const k of ['floors', 'basements', 'apartments', 'rooms', 'occupants', 'vuln_elderly', 'vuln_children', 'vuln_disabled', 'vuln_bedridden'])
      if (int(k) !== null) b[k] = int(k);
    if (b.occupants === undefined) { msg(m, t('h_need_occ'), 'error'); fe.occupants.focus(); return null; }
    if (['vuln_elderly', 'vuln_children', 'vuln_disabled', 'vuln_bedridden'].some(k => (b[k] || 0) > b.occupants)) {
      msg(m, t('h_vuln_over'), 'error');
      fe.vuln_elderly.focus();
      return null;
    }
    b.hazards = [...f.querySelectorAll('input[name=hazard]:checked')].map(c => c.value);
    b.exits = [...f.querySelectorAll('#d-exits li')].map(li => {
      const e = {kind: li.querySelector('select').value, floor: Math.trunc(Number(li.querySelector('[name=exit_floor]').value) || 0)};
      const w = li.querySelector('[name=exit_width]').value;
      if (w !== '') e.width_m = Number(w);
      return e;
    });
    if (!b.exits.length) { msg(m, t('h_need_exit'), 'error'); $('#d-exit-add').focus(); return null; }
    if (last && (last.status === 'submitted' || last.status === 'returned')) b.supersedes_id = last.id;
    return b;
  }
  async function submit(f, claim, last, tmpl) {
    const m = $('#d-msg');
    const b = body(f, claim, last, tmpl, m);
    if (!b) return;
    $('#d-send').disabled = true;
    try {
      const r = await api('POST', '/api/v1/declarations', b);
      const id = r && r.declaration && r.declaration.id;
      S.sent = id;
      await load();
      close(claim);
      msg($('#h-msg'), t('h_sent', {id}), 'ok');
    } catch (e) {
      msg(m, e.message, 'error');
      $('#d-send').disabled = false;
    }
  }

  /* --- claiming a house ---------------------------------------------------------- */
  function start(state) {
    state.house = S;
    $('#claim-form').addEventListener('submit', async ev => {
      ev.preventDefault();
      const input = $('#claim-code'), m = $('#h-msg');
      const code = input.value.trim().toUpperCase();
      if (!code) { input.focus(); return; }
      try {
        const r = await api('POST', '/api/v1/claims', {house_code: code});
        msg(m, t('h_claimed', {id: r.id}), 'ok');
        input.value = '';
        load();
      } catch (e) { msg(m, e.message, 'error'); input.focus(); }
    });
    PC.onLang(async () => {
      render();
      if (!S.form) return;
      const st = snapshot($('#decl-form'));
      await open(S.form.claim, S.form.last);
      restore($('#decl-form'), st);
    });
    types().then(load);
    /* an officer's confirmation or review shows without a reload (not while the list has the focus) */
    setInterval(() => { if (!document.hidden && !$('#houses').contains(document.activeElement)) load(); }, 30000);
  }

  return {start, reload: load, PAGE_TYPES};
})();
