// The inbox page: people sign in with their token, see the tasks their roles may act on across
// every process, open one to see what they need to decide, and decide with the API's own rules.
// Admins also see the runs of every process. Everything shown is text (textContent), never HTML.

/** @typedef {{ id: string, process: string, workflowId: string, kind: string, decisions: string[], subject: string, amount: number | null, currency: string | null, requiredRole: string, requireComment: boolean, status: string, dueAt: string | null, createdAt: string, decidedBy: string | null, decision: string | null, comment: string | null }} Task */
/** @typedef {{ status: number, data: any }} Answer */

const TOKEN_KEY = 'inbox-token';
const REFRESH_MS = 5000;
const PROCESS_NAMES = /** @type {Record<string, string>} */ ({ invoice: 'Invoices', alert: 'Alerts', lead: 'Leads', content: 'Content' });
const DECISION_LABELS = /** @type {Record<string, string>} */ ({
  approve: 'Approve',
  reject: 'Reject',
  acknowledge: 'Acknowledge',
  accept: 'Send',
  discard: 'Discard',
  request_changes: 'Request changes',
});

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {{ user: string, name: string, roles: string[] } | null} */
let me = null;
/** @type {number | undefined} */
let refreshTimer;

/** The token of this browser session (sessionStorage: gone when the tab closes or on sign-out). */
const token = () => sessionStorage.getItem(TOKEN_KEY);

/**
 * Call the API with the session's token; a 401 signs out.
 * @param {string} method @param {string} path @param {unknown} [body]
 * @returns {Promise<Answer>}
 */
async function api(method, path, body) {
  const headers = /** @type {Record<string, string>} */ ({ authorization: `Bearer ${token() ?? ''}` });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  return { status: res.status, data };
}

/** @param {Answer} answer */
const problem = (answer) => (answer.data && answer.data.message ? String(answer.data.message) : `The server answered ${answer.status}.`);

/**
 * A new element with text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {string} [text] @param {string} [className]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** @param {string | null} iso */
const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

/** @param {string} view */
function show(view) {
  for (const id of ['sign-in', 'tasks', 'task', 'runs']) $(id).hidden = id !== view;
  $('nav').hidden = view === 'sign-in';
  $('sign-out').hidden = view === 'sign-in';
  $('nav-runs').hidden = !me?.roles.includes('admin');
}

async function signIn(/** @type {string} */ candidate) {
  sessionStorage.setItem(TOKEN_KEY, candidate);
  const answer = await api('GET', '/api/me');
  if (answer.status !== 200) {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    throw new Error(answer.status === 401 ? 'That token is not valid.' : problem(answer));
  }
  me = answer.data;
  $('who').textContent = `${me?.name} (${me?.roles.join(', ')})`;
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  $('who').textContent = '';
  location.hash = '#/';
  void route();
}

/** @param {Task} t */
const urgency = (t) => (t.dueAt ? Date.parse(t.dueAt) : Number.POSITIVE_INFINITY);

async function renderTasks() {
  show('tasks');
  const process = /** @type {HTMLSelectElement} */ ($('filter-process')).value;
  const status = /** @type {HTMLSelectElement} */ ($('filter-status')).value;
  const due = /** @type {HTMLSelectElement} */ ($('filter-due')).value;
  const query = new URLSearchParams({ limit: '200', ...(status && { status }), ...(process && { process }) });
  const answer = await api('GET', `/api/tasks?${query}`);
  if (answer.status === 401) return signOut();
  $('tasks-error').textContent = answer.status === 200 ? '' : problem(answer);
  if (answer.status !== 200) return;
  const now = Date.now();
  const horizon = due === 'overdue' ? now : due === 'today' ? now + 86_400_000 : due === 'week' ? now + 7 * 86_400_000 : Infinity;
  /** @type {Task[]} */
  const tasks = answer.data.items.filter((/** @type {Task} */ t) => urgency(t) <= horizon);
  // Most urgent (earliest due) first, then newest.
  tasks.sort((a, b) => urgency(a) - urgency(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt));

  const counts = new Map();
  for (const t of tasks) counts.set(t.process, (counts.get(t.process) ?? 0) + 1);
  const select = /** @type {HTMLSelectElement} */ ($('filter-process'));
  for (const p of [...counts.keys(), ...Object.keys(PROCESS_NAMES)]) {
    if (![...select.options].some((o) => o.value === p)) select.append(new Option(PROCESS_NAMES[p] ?? p, p));
  }
  $('counts').replaceChildren(
    ...(tasks.length === 0 ? [el('span', 'Nothing waits for you.')] : [...counts].map(([p, n]) => el('span', `${PROCESS_NAMES[p] ?? p}: ${n}`, 'badge'))),
  );
  $('task-list').replaceChildren(
    ...tasks.map((t) => {
      const li = el('li');
      const link = el('a', t.subject);
      link.href = `#/tasks/${encodeURIComponent(t.id)}`;
      const overdue = t.dueAt !== null && Date.parse(t.dueAt) < now && t.status === 'pending';
      li.append(
        el('span', PROCESS_NAMES[t.process] ?? t.process, 'badge'),
        link,
        el('div', `${t.kind} · ${t.status} · for ${t.requiredRole}${t.amount !== null ? ` · ${t.amount} ${t.currency ?? ''}` : ''}`, 'muted'),
        el('div', t.dueAt ? `Due ${when(t.dueAt)}${overdue ? ' (overdue)' : ''}` : 'No deadline', overdue ? 'overdue' : 'muted'),
      );
      return li;
    }),
  );
  $('refreshed').textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`;
  refreshTimer = window.setTimeout(() => void renderTasks(), REFRESH_MS);
}

/**
 * Terms and their values.
 * @param {HTMLElement} list @param {[string, unknown][]} facts
 */
function facts(list, facts) {
  list.replaceChildren(
    ...facts
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .flatMap(([k, v]) => [el('dt', k), el('dd', typeof v === 'string' ? v : JSON.stringify(v))]),
  );
}

/** @param {string} title @param {HTMLElement[]} children */
function section(title, children) {
  const div = el('section');
  div.append(el('h2', title), ...children);
  return div;
}

/** What each process shows of its run (the run's `details`). */
const DETAILS = /** @type {Record<string, (d: any, context: any) => HTMLElement[]>} */ ({
  invoice: (d, context) => {
    const fields = el('dl', undefined, 'facts');
    const x = d.extracted ?? {};
    facts(fields, [
      ['Vendor', x.vendorName],
      ['Invoice number', x.invoiceNumber],
      ['Invoice date', x.invoiceDate],
      ['Due date', x.dueDate],
      ['PO number', x.poNumber],
      ['Total', x.total !== undefined && x.total !== null ? `${x.total} ${x.currency ?? ''}` : undefined],
      ['Read by', d.extractionProvider],
    ]);
    const findings = el('ul');
    findings.append(...(d.findings ?? []).map((/** @type {any} */ f) => el('li', `${f.severity}: ${f.message} (${f.code})`)));
    const route = el(
      'p',
      d.route
        ? `${(d.route.explanation ?? []).join(' ')} Steps: ${(d.route.steps ?? []).map((/** @type {any} */ s) => s.role).join(' → ') || 'none'}`
        : 'Not routed yet',
    );
    const doc = el('pre', context.documentText ?? '(the document has not been read yet)');
    doc.setAttribute('aria-label', 'The document as read');
    return [
      section('Extracted fields', [fields]),
      section('Findings', [findings.childElementCount ? findings : el('p', 'No findings.')]),
      section('Route', [route]),
      section('Document', [doc]),
    ];
  },
  alert: (d) => {
    const triage = el('dl', undefined, 'facts');
    facts(triage, [
      ['Severity', d.severity],
      ['Topic', d.topic],
      ['Occurrences', String(d.occurrences)],
      [
        'Triage',
        d.triage ? `${d.triage.noise ? 'noise' : 'actionable'}: ${d.triage.reason} (confidence ${d.triage.confidence}, ${d.triage.provider})` : 'not yet',
      ],
      ['Route', d.route?.name],
    ]);
    const pages = el('ul');
    pages.append(
      ...(d.pages ?? []).map((/** @type {any} */ p) =>
        el('li', `${when(p.at)}: level ${p.level + 1}, round ${p.round + 1}: ${p.users.join(', ') || 'nobody'} on ${p.channels.join(', ')}`),
      ),
    );
    const events = el('ul');
    events.append(...(d.events ?? []).slice(-10).map((/** @type {any} */ e) => el('li', `${when(e.receivedAt)} ${e.action}: ${e.summary} (${e.source})`)));
    return [section('Triage', [triage]), section('Who was paged', [pages]), section('Latest events', [events])];
  },
  lead: (d, context) => {
    const lead = el('dl', undefined, 'facts');
    facts(lead, [
      ['Email', d.lead.email],
      ['Name', d.lead.name ?? d.enrichment.name?.value],
      ['Company', d.enrichment.company?.value ?? d.lead.company],
      ['Title', d.enrichment.title?.value ?? d.lead.title],
      ['Grade', d.score ? `${d.score.grade} (fit ${d.score.fit}, engagement ${d.score.engagement})` : 'not scored yet'],
      ['Owner', d.owner],
      ['Their message', d.lead.message],
    ]);
    const found = el('ul');
    found.append(
      ...Object.entries(d.enrichment).map(([field, v]) =>
        el('li', `${field}: ${/** @type {any} */ (v).value} (${/** @type {any} */ (v).provider}, ${when(/** @type {any} */ (v).at)})`),
      ),
    );
    const parts = [
      section('Lead', [lead]),
      section('Why this grade', [
        el('p', d.score?.explanation ?? 'Not scored yet.'),
        ...(d.proposal ? [el('p', `The model's reading: ${d.proposal.summary}`)] : []),
      ]),
      section('What enrichment found', [found.childElementCount ? found : el('p', 'Nothing yet.')]),
    ];
    // An outreach task: the draft, editable; sending sends what the fields say.
    if (d.outreach && context.task.kind === 'edit' && context.task.status === 'pending') {
      const subject = el('input');
      subject.id = 'edit-subject';
      subject.defaultValue = d.outreach.draft.subject;
      const body = el('textarea');
      body.id = 'edit-body';
      body.rows = 12;
      body.defaultValue = d.outreach.draft.body;
      const subjectLabel = el('label', 'Subject');
      subjectLabel.htmlFor = 'edit-subject';
      const bodyLabel = el('label', 'Message');
      bodyLabel.htmlFor = 'edit-body';
      parts.push(section('Outreach (edit before sending, or send as drafted)', [subjectLabel, subject, bodyLabel, body]));
    } else if (d.outreach?.sent) {
      parts.push(
        section('Outreach sent', [
          el('p', `${d.outreach.sent.subject} (by ${d.outreach.sent.by}${d.outreach.sent.edited ? ', edited' : ''})`),
          el('pre', d.outreach.sent.body),
        ]),
      );
    }
    return parts;
  },
  content: (d) => {
    const version = d.versions.at(-1);
    const piece = el('dl', undefined, 'facts');
    facts(piece, [
      ['Title', d.brief.title],
      ['For', d.brief.audience],
      ['Platforms', d.brief.platforms.join(', ')],
      ['Version', version ? `${version.version} (${version.reason.replace('_', ' ')}, written by ${version.provider})` : 'not drafted yet'],
      ['Gates', version ? (version.passed ? 'all pass' : 'some fail: see below') : undefined],
      ['Changes asked so far', String(d.revisions)],
      ['Publication', d.brief.publishAt ? `at ${when(d.brief.publishAt)}` : 'as soon as approved'],
    ]);
    if (!version) return [section('Piece', [piece])];
    const findings = el('ul');
    findings.append(...version.findings.map((/** @type {any} */ f) => el('li', `${f.severity}: ${f.message} (${f.code})`)));
    const parts = [section('Piece', [piece]), section('Gate findings', [findings.childElementCount ? findings : el('p', 'Every gate passes.')])];
    if (version.diff) {
      const changes = el('pre');
      changes.setAttribute('aria-label', 'Changes from the version before');
      changes.textContent = version.diff.lines.map((/** @type {any} */ l) => `${l.op} ${l.line}`).join('\n') || '(no change)';
      parts.push(section(`Changes from version ${version.version - 1}${version.comment ? `, answering “${version.comment}”` : ''}`, [changes]));
    }
    if (version.formats.blog) {
      const blog = el('pre', version.formats.blog.markdown);
      blog.setAttribute('aria-label', 'The blog post');
      parts.push(section('Blog post', [blog]));
    }
    if (version.formats.x) parts.push(section('X thread', [el('pre', version.formats.x.posts.join('\n\n'))]));
    if (version.formats.linkedin) parts.push(section('LinkedIn', [el('pre', version.formats.linkedin.text)]));
    if (version.formats.newsletter) parts.push(section(`Newsletter: ${version.formats.newsletter.subject}`, [el('pre', version.formats.newsletter.text)]));
    return parts;
  },
});

/** The edits of an outreach form: the fields changed from the draft, none when there is no form. */
function outreachEdits() {
  const subject = /** @type {HTMLInputElement | null} */ (document.getElementById('edit-subject'));
  const body = /** @type {HTMLTextAreaElement | null} */ (document.getElementById('edit-body'));
  if (!subject || !body) return undefined;
  /** @type {Record<string, string>} */
  const edits = {};
  if (subject.value.trim() !== subject.defaultValue.trim()) edits.subject = subject.value.trim();
  if (body.value.trim() !== body.defaultValue.trim()) edits.body = body.value.trim();
  return Object.keys(edits).length > 0 ? edits : undefined;
}

/** @param {string} taskId */
async function renderTask(taskId) {
  show('task');
  $('task-error').textContent = '';
  $('task-notice').textContent = '';
  const answer = await api('GET', `/api/tasks/${encodeURIComponent(taskId)}/context`);
  if (answer.status === 401) return signOut();
  if (answer.status !== 200) {
    $('task-title').textContent = 'Task not found';
    $('task-error').textContent = problem(answer);
    $('decide').hidden = true;
    return;
  }
  const { task, run } = answer.data;
  /** @type {Task} */
  const t = task;
  $('task-title').textContent = t.subject;
  facts($('task-facts'), [
    ['Process', PROCESS_NAMES[t.process] ?? t.process],
    ['Kind', t.kind],
    ['Status', t.status + (t.decidedBy ? ` by ${t.decidedBy}${t.comment ? `: “${t.comment}”` : ''}` : '')],
    ['For', t.requiredRole],
    ['Amount', t.amount !== null ? `${t.amount} ${t.currency ?? ''}` : undefined],
    ['Due', t.dueAt ? when(t.dueAt) : 'no deadline'],
    ['Run', run ? `${run.status} (step ${run.step})${run.reasonMessage ? `: ${run.reasonMessage}` : ''}` : 'the run did not answer'],
  ]);
  const render = DETAILS[t.process];
  $('task-details').replaceChildren(...(run && render ? render(run.details, answer.data) : []));
  const temporal = /** @type {HTMLAnchorElement} */ ($('temporal-link'));
  temporal.href = answer.data.links.temporalUi;

  const form = /** @type {HTMLFormElement} */ ($('decide'));
  form.hidden = t.status !== 'pending';
  const comment = /** @type {HTMLTextAreaElement} */ ($('comment'));
  comment.value = '';
  $('comment-label').textContent = t.requireComment
    ? 'Comment (required)'
    : t.decisions.includes('request_changes')
      ? 'Comment (required to request changes)'
      : 'Comment (optional)';
  $('decision-buttons').replaceChildren(
    ...t.decisions.map((decision) => {
      const button = el('button', DECISION_LABELS[decision] ?? decision, decision === 'reject' || decision === 'discard' ? 'danger' : undefined);
      button.type = 'button';
      button.dataset.decision = decision;
      button.addEventListener('click', () => void decide(t, decision));
      return button;
    }),
  );
}

/** One decision: the buttons are disabled while it is sent, so a double click decides once. @param {Task} t @param {string} decision */
async function decide(t, decision) {
  const buttons = [...$('decision-buttons').querySelectorAll('button')];
  if (buttons.some((b) => b.disabled)) return;
  const comment = /** @type {HTMLTextAreaElement} */ ($('comment')).value.trim();
  const needsComment = decision === 'request_changes' || (decision === 'approve' && t.requireComment);
  if (needsComment && !comment) {
    $('task-error').textContent = 'Please write a comment: this decision needs one.';
    $('comment').focus();
    return;
  }
  for (const b of buttons) b.disabled = true;
  $('task-error').textContent = '';
  $('task-notice').textContent = 'Sending…';
  try {
    const edits = decision === 'accept' ? outreachEdits() : undefined;
    const answer = await api('POST', `/api/tasks/${encodeURIComponent(t.id)}/decision`, { decision, ...(comment && { comment }), ...(edits && { edits }) });
    if (answer.status === 202) {
      $('task-notice').textContent = `Recorded: ${DECISION_LABELS[decision] ?? decision}.`;
      window.setTimeout(() => void renderTask(t.id).then(() => ($('task-notice').textContent = `Recorded: ${DECISION_LABELS[decision] ?? decision}.`)), 1000);
    } else {
      $('task-notice').textContent = '';
      $('task-error').textContent = problem(answer);
      for (const b of buttons) b.disabled = false;
    }
  } catch (error) {
    $('task-notice').textContent = '';
    $('task-error').textContent = `Could not reach the server (${error instanceof Error ? error.message : String(error)}); try again.`;
    for (const b of buttons) b.disabled = false;
  }
}

async function renderRuns() {
  show('runs');
  const [counts, runs] = await Promise.all([api('GET', '/api/runs/counts'), api('GET', '/api/runs?limit=50')]);
  if (counts.status !== 200 || runs.status !== 200) {
    $('runs-error').textContent = problem(counts.status !== 200 ? counts : runs);
    return;
  }
  const statuses = [...new Set(counts.data.counts.map((/** @type {any} */ c) => c.status))].sort();
  const byProcess = new Map();
  for (const c of counts.data.counts) byProcess.set(c.process, { ...byProcess.get(c.process), [c.status]: c.count });
  const head = el('tr');
  head.append(el('th', 'Process'), ...statuses.map((s) => el('th', String(s))));
  const table = $('run-counts');
  table.replaceChildren(table.querySelector('caption') ?? el('caption'), head);
  for (const [p, row] of byProcess) {
    const tr = el('tr');
    tr.append(el('th', PROCESS_NAMES[p] ?? p), ...statuses.map((s) => el('td', String(row[String(s)] ?? 0))));
    table.append(tr);
  }
  const list = $('run-list');
  const listHead = el('tr');
  listHead.append(el('th', 'Process'), el('th', 'Subject'), el('th', 'Status'), el('th', 'Started'), el('th', 'Temporal UI'));
  list.replaceChildren(list.querySelector('caption') ?? el('caption'), listHead);
  for (const r of runs.data.items) {
    const link = el('a', 'Open');
    link.href = r.links.temporalUi;
    link.setAttribute('aria-label', `Open ${r.subject} in the Temporal UI`);
    link.target = '_blank';
    link.rel = 'noopener';
    const cell = el('td');
    cell.append(link);
    const tr = el('tr');
    tr.append(
      el('td', PROCESS_NAMES[r.process] ?? r.process),
      el('td', r.subject),
      el('td', `${r.status}${r.reason ? ` (${r.reason})` : ''}`),
      el('td', when(r.createdAt)),
      cell,
    );
    list.append(tr);
  }
}

/** Show what the address names: #/ the task list, #/tasks/<id> one task, #/runs the runs. */
async function route() {
  window.clearTimeout(refreshTimer);
  if (!token()) return show('sign-in');
  if (!me) {
    try {
      await signIn(/** @type {string} */ (token()));
    } catch {
      return show('sign-in');
    }
  }
  const hash = location.hash.replace(/^#/, '') || '/';
  const taskMatch = /^\/tasks\/(.+)$/.exec(hash);
  if (taskMatch && taskMatch[1]) return renderTask(decodeURIComponent(taskMatch[1]));
  if (hash === '/runs' && me?.roles.includes('admin')) return renderRuns();
  return renderTasks();
}

$('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('token'));
  $('sign-in-error').textContent = '';
  signIn(input.value.trim()).then(
    () => {
      input.value = '';
      void route();
    },
    (/** @type {Error} */ error) => ($('sign-in-error').textContent = error.message),
  );
});
$('sign-out').addEventListener('click', signOut);
for (const id of ['filter-process', 'filter-status', 'filter-due']) $(id).addEventListener('change', () => void route());
window.addEventListener('hashchange', () => void route());
void route();
