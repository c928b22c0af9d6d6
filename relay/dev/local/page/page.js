// The local demo page: reads the two stand-ins every second and lets a person edit either side. No framework, no
// build step: what the browser gets is this file.
(function () {
  'use strict';

  let state;
  let editing = null; // { side, id } while a row's form is open
  const previous = new Map(); // row key -> rendered text, to highlight what just changed

  const el = (tag, properties, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, properties || {});
    for (const child of children) node.append(child);
    return node;
  };

  async function api(path, body) {
    const response = await fetch(path, {
      method: body ? 'POST' : 'GET',
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error((answer.error && answer.error.message) || 'HTTP ' + response.status);
    return answer;
  }

  function field(name, label, value, type, options) {
    if (options) {
      const select = el('select', { name });
      for (const option of options)
        select.append(el('option', { value: option, textContent: option || '—', selected: option === value }));
      return el('label', {}, label, select);
    }
    return el(
      'label',
      {},
      label,
      el('input', { name, value: value == null ? '' : String(value), type: type || 'text' })
    );
  }

  function editForm(side, row) {
    const form = document.getElementById('edit-row').content.firstElementChild.cloneNode(true);
    const fields = form.querySelector('.fields');
    if (side === 'lead') {
      form.querySelector('legend').textContent = 'Edit the Lead ' + row.lastName;
      fields.append(
        field('lastName', 'Last name', row.lastName),
        field('company', 'Company', row.company),
        field('email', 'Email', row.email, 'email'),
        field('status', 'Status', row.status, null, state.statuses),
        field('annualRevenue', 'Annual revenue', row.annualRevenue, 'number')
      );
    } else {
      form.querySelector('legend').textContent = 'Edit the item ' + row.name;
      const labels = [''].concat(state.boardStatuses.filter((label) => label));
      if (row.status && labels.indexOf(row.status) < 0) labels.push(row.status);
      fields.append(
        field('name', 'Name', row.name),
        field('company', 'Company', row.company),
        field('email', 'Email', row.email, 'email'),
        field('status', 'Lead status (a label; type a new one below)', row.status, null, labels),
        field('newStatus', 'New status label', ''),
        field('revenue', 'Annual revenue', row.revenue, 'number')
      );
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries());
      const error = form.querySelector('.error');
      try {
        if (side === 'lead') {
          await api('/local/api/leads/' + row.id, {
            lastName: data.lastName,
            company: data.company,
            email: data.email,
            status: data.status,
            annualRevenue: data.annualRevenue === '' ? null : Number(data.annualRevenue)
          });
        } else {
          await api('/local/api/items/' + row.id, {
            name: data.name,
            company: data.company,
            email: data.email,
            status: data.newStatus ? data.newStatus : data.status,
            revenue: data.revenue === '' ? null : Number(data.revenue)
          });
        }
        editing = null;
        announce(
          side === 'lead' ? 'Lead saved in Salesforce; the board follows.' : 'Item saved in monday; Salesforce follows.'
        );
        await refresh();
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    form.querySelector('.cancel').addEventListener('click', () => {
      editing = null;
      render();
    });
    return form;
  }

  /**
   * Fills a table with its rows. The row being edited keeps its form, untouched (what is typed, the focus): the rows
   * around it are rebuilt, so the table stays current while a person edits.
   */
  function rowsOf(tableId, side, rows, cells) {
    const body = document.querySelector('#' + tableId + ' tbody');
    // The open form, if it is the form of the row being edited now (another row's is replaced).
    const open = editing ? body.querySelector('tr.editing[data-key="' + editing.side + ':' + editing.id + '"]') : null;
    for (const child of [...body.children]) if (child !== open) child.remove();
    let passedOpen = false;
    const place = (tr) => {
      if (open && !passedOpen) body.insertBefore(tr, open);
      else body.append(tr);
    };
    for (const row of rows) {
      const key = side + ':' + row.id;
      if (editing && editing.side === side && editing.id === row.id) {
        if (open) {
          passedOpen = true;
          continue;
        }
        const cell = el('td', { colSpan: cells(row).length + 1 });
        cell.append(editForm(side, row));
        const tr = el('tr', { className: 'editing' }, cell);
        tr.dataset.key = key;
        place(tr);
        passedOpen = true;
        setTimeout(() => cell.querySelector('input, select').focus(), 0);
        continue;
      }
      const values = cells(row);
      const text = values.join('|');
      const tr = el('tr', { className: previous.has(key) && previous.get(key) !== text ? 'flash' : '' });
      tr.dataset.id = row.id;
      previous.set(key, text);
      for (const value of values)
        tr.append(el('td', { textContent: value, className: value.includes('@') ? 'address' : '' }));
      const button = el('button', { type: 'button', textContent: 'Edit' });
      button.setAttribute('aria-label', 'Edit ' + values[0]);
      button.addEventListener('click', () => {
        editing = { side, id: row.id };
        render();
      });
      tr.append(el('td', {}, button));
      place(tr);
    }
    // The row being edited is gone (deleted meanwhile): so is its form.
    if (open && !rows.some((row) => editing && editing.id === row.id)) {
      open.remove();
      editing = null;
    }
  }

  function render() {
    if (!state) return;
    document.getElementById('board-name').textContent = state.board.name;
    document.getElementById('board-title').textContent = state.board.name;
    rowsOf('leads', 'lead', state.leads, (lead) => [
      lead.lastName,
      lead.company,
      lead.email,
      lead.status,
      lead.annualRevenue == null ? '' : String(lead.annualRevenue)
    ]);
    rowsOf('items', 'item', state.items, (item) => [
      item.name,
      item.company,
      item.email,
      item.status,
      item.revenue,
      item.recordId ? 'linked' : '—'
    ]);
    const list = document.getElementById('failures');
    list.replaceChildren();
    if (state.failures.length === 0) list.append(el('li', { className: 'muted', textContent: 'None so far.' }));
    for (const failure of state.failures) {
      list.append(
        el(
          'li',
          {},
          el('span', {
            className: 'where',
            textContent: failure.where + (failure.code ? ' (' + failure.code + ')' : '') + ': '
          }),
          failure.text,
          el('span', { className: 'muted', textContent: ' — ' + new Date(failure.at).toLocaleTimeString() })
        )
      );
    }
  }

  function announce(text) {
    document.getElementById('status').textContent = text;
  }

  async function refresh() {
    try {
      state = await api('/local/api/state');
      render();
      // The counts follow every refresh (not announced: the live region is for what a person did).
      document.getElementById('counts').textContent = state.leads.length + ' Leads, ' + state.items.length + ' items.';
      if (
        document.getElementById('status').textContent === 'Connecting…' ||
        /not reachable/.test(document.getElementById('status').textContent)
      ) {
        announce('Live.');
      }
    } catch (failure) {
      announce('The relay is not reachable: ' + failure.message);
    }
  }

  function addForm(id, path, toBody, done) {
    const form = document.getElementById(id);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries());
      try {
        await api(path, toBody(data));
        form.reset();
        announce(done);
        await refresh();
      } catch (failure) {
        announce('Not saved: ' + failure.message);
      }
    });
  }

  addForm(
    'new-lead',
    '/local/api/leads',
    (data) => ({ lastName: data.lastName, company: data.company }),
    'Lead created; its item follows.'
  );
  addForm(
    'new-item',
    '/local/api/items',
    (data) => ({ name: data.name, company: data.company }),
    'Item created; its Lead follows.'
  );
  refresh();
  setInterval(refresh, 1000);
})();
