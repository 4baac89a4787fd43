/* cdp.js — a small Chrome DevTools Protocol client for Debian's chromium.
 *
 * Chromium runs headless with --remote-debugging-pipe: the protocol goes
 * over file descriptors 3 (to the browser) and 4 (from it) as JSON
 * messages ending in NUL, so no WebSocket library and no npm download is
 * needed. One page target, flattened sessions. Console errors, uncaught
 * exceptions and failed requests are collected so tests can demand none. */
'use strict';
const {spawn} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

class Browser {
  static async launch(opts) {
    const b = new Browser();
    b.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pccc-chromium-'));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
      '--mute-audio', '--no-default-browser-check', '--hide-scrollbars', '--remote-debugging-pipe',
      `--user-data-dir=${b.profile}`, `--window-size=${opts.width || 1366},${opts.height || 900}`, 'about:blank'];
    b.proc = spawn(opts.chromium || 'chromium', args, {stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe']});
    b.stderr = '';
    b.proc.stderr.on('data', d => { b.stderr = (b.stderr + d).slice(-4000); });
    b.out = b.proc.stdio[3];
    b.in = b.proc.stdio[4];
    b.next = 1;
    b.pending = new Map();
    b.listeners = [];
    let buf = Buffer.alloc(0);
    b.in.on('data', chunk => {
      buf = Buffer.concat([buf, chunk]);
      let i;
      while ((i = buf.indexOf(0)) >= 0) {
        const msg = JSON.parse(buf.subarray(0, i).toString('utf8'));
        buf = buf.subarray(i + 1);
        b.dispatch(msg);
      }
    });
    b.exited = new Promise(res => b.proc.on('exit', res));
    return b;
  }

  dispatch(msg) {
    if (msg.id && this.pending.has(msg.id)) {
      const {resolve, reject, method} = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message}`)); else resolve(msg.result);
      return;
    }
    for (const l of this.listeners) if (l.method === msg.method && (!l.session || l.session === msg.sessionId)) l.fn(msg.params);
  }

  send(method, params, sessionId) {
    const id = this.next++;
    const msg = {id, method, params: params || {}};
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {resolve, reject, method});
      this.out.write(JSON.stringify(msg) + '\0');
    });
  }

  on(method, fn, session) { this.listeners.push({method, fn, session}); }

  async newPage(opts) {
    const {targetId} = await this.send('Target.createTarget', {url: 'about:blank'});
    const {sessionId} = await this.send('Target.attachToTarget', {targetId, flatten: true});
    const p = new Page(this, sessionId, targetId);
    this.lastPage = p;
    await p.init(opts || {});
    return p;
  }

  async close() {
    try { await Promise.race([this.send('Browser.close'), new Promise(r => setTimeout(r, 2000))]); } catch (e) { /* gone */ }
    await Promise.race([this.exited, new Promise(r => setTimeout(r, 5000))]);
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGKILL');
      await Promise.race([this.exited, new Promise(r => setTimeout(r, 3000))]);
    }
    /* helper processes may still be writing the profile for a moment */
    for (let i = 0; i < 20; i++) {
      try { fs.rmSync(this.profile, {recursive: true, force: true}); break; } catch (e) { await new Promise(r => setTimeout(r, 100)); }
    }
  }
}

class Page {
  constructor(browser, session, targetId) {
    this.b = browser;
    this.s = session;
    this.targetId = targetId;
    this.errors = [];
    this.requests = [];
  }
  send(method, params) { return this.b.send(method, params, this.s); }
  on(method, fn) { this.b.on(method, fn, this.s); }

  async init(opts) {
    this.on('Runtime.consoleAPICalled', p => {
      if (p.type === 'error' || p.type === 'assert')
        this.errors.push('console.' + p.type + ': ' + p.args.map(a => a.value !== undefined ? a.value : a.description).join(' '));
    });
    this.on('Runtime.exceptionThrown', p => {
      const d = p.exceptionDetails;
      this.errors.push('exception: ' + (d.exception && d.exception.description || d.text));
    });
    this.on('Log.entryAdded', p => {
      if (p.entry.level === 'error') this.errors.push(`log(${p.entry.source}): ${p.entry.text} ${p.entry.url || ''}`);
    });
    this.on('Network.responseReceived', p => {
      this.requests.push({url: p.response.url, status: p.response.status, type: p.type,
                          encoded: p.response.encodedDataLength, id: p.requestId});
    });
    this.on('Network.loadingFinished', p => {
      const r = this.requests.find(x => x.id === p.requestId);
      if (r) r.bytes = p.encodedDataLength;
    });
    await this.send('Runtime.enable');
    await this.send('Log.enable');
    await this.send('Network.enable');
    await this.send('Page.enable');
    if (opts.noCache) /* page-weight figures: every load from the server */
      await this.send('Network.setCacheDisabled', {cacheDisabled: true});
    if (opts.mobile)
      await this.send('Emulation.setDeviceMetricsOverride', {width: opts.width, height: opts.height, deviceScaleFactor: 2, mobile: true});
    else if (opts.width)
      await this.send('Emulation.setDeviceMetricsOverride', {width: opts.width, height: opts.height, deviceScaleFactor: 1, mobile: false});
  }

  async goto(url) {
    const loaded = new Promise(res => {
      const l = {method: 'Page.loadEventFired', session: this.s, fn: () => { this.b.listeners.splice(this.b.listeners.indexOf(l), 1); res(); }};
      this.b.listeners.push(l);
    });
    await this.send('Page.navigate', {url});
    await loaded;
  }

  /* Evaluates an expression (a string, may be async) in the page; returns its value. */
  async eval(expr) {
    const r = await this.send('Runtime.evaluate', {expression: expr, awaitPromise: true, returnByValue: true});
    if (r.exceptionDetails) throw new Error('eval failed: ' + (r.exceptionDetails.exception && r.exceptionDetails.exception.description || r.exceptionDetails.text));
    return r.result.value;
  }

  /* Waits until expr is truthy (polling). */
  async waitFor(expr, timeoutMs, what) {
    const end = Date.now() + (timeoutMs || 10000);
    for (;;) {
      let v;
      try { v = await this.eval(`!!(${expr})`); } catch (e) { v = undefined; }
      if (v) return v;
      if (Date.now() > end) throw new Error('timed out waiting for ' + (what || expr));
      await new Promise(r => setTimeout(r, 100));
    }
  }

  async type(text) { await this.send('Input.insertText', {text}); }

  async key(key, opts) {
    const o = opts || {};
    const codes = {Enter: 13, Escape: 27, Tab: 9};
    const base = {key, code: key.length === 1 ? (/\d/.test(key) ? 'Digit' + key : 'Key' + key.toUpperCase()) : key,
                  windowsVirtualKeyCode: codes[key] || key.toUpperCase().charCodeAt(0), modifiers: o.ctrl ? 2 : 0};
    await this.send('Input.dispatchKeyEvent', Object.assign({type: 'keyDown', text: key === 'Enter' ? '\r' : key.length === 1 ? key : undefined}, base));
    await this.send('Input.dispatchKeyEvent', Object.assign({type: 'keyUp'}, base));
  }

  async click(x, y) {
    for (const type of ['mousePressed', 'mouseReleased'])
      await this.send('Input.dispatchMouseEvent', {type, x, y, button: 'left', clickCount: 1});
  }

  /* Sets the files of an <input type=file> (as if picked; fires its change event). */
  async setFiles(selector, files) {
    const {root} = await this.send('DOM.getDocument', {depth: 0});
    const {nodeId} = await this.send('DOM.querySelector', {nodeId: root.nodeId, selector});
    if (!nodeId) throw new Error('no element ' + selector);
    await this.send('DOM.setFileInputFiles', {nodeId, files});
  }

  async screenshot(file) {
    const {data} = await this.send('Page.captureScreenshot', {format: 'png'});
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
  }

  async pdf(file) {
    const {data} = await this.send('Page.printToPDF', {preferCSSPageSize: true, printBackground: true});
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
    return Buffer.from(data, 'base64');
  }
}

module.exports = {Browser};
