// The sample page: chat over the mesh, this node's neighbors and a picture of the whole mesh.
// Plain JavaScript and SVG; everything comes from this node's API (see docs/sample-app.md).
'use strict';

const MAX_SHOWN = 500;               // messages kept on the page; older ones are removed
const REFRESH_MILLIS = 5000;          // the topology and node are also polled, so expiries show without events
const SVG_NS = 'http://www.w3.org/2000/svg';

const state = { self: null, shownIds: new Set() };
const $ = (id) => document.getElementById(id);

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.json();
}

// ---- chat -------------------------------------------------------------------------------------------------

function addMessage(message) {
  if (state.shownIds.has(message.id)) return;
  state.shownIds.add(message.id);
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const item = document.createElement('li');
  item.className = 'message' + (message.origin === state.self ? ' mine' : '');
  item.dataset.messageId = message.id;
  item.dataset.origin = message.origin;
  item.dataset.topic = message.topic;
  item.dataset.hops = String(message.hops);
  const topic = document.createElement('span');
  topic.className = 'topic';
  topic.textContent = '#' + message.topic;
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = message.text;
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = 'from ' + message.origin.slice(0, 6) + ' · ' + message.hops + ' hop' + (message.hops === 1 ? '' : 's')
      + ' · ' + new Date(message.receivedAt).toLocaleTimeString();
  meta.title = 'links crossed along the broadcast tree, not the shortest path in the drawing';
  item.append(topic, text, meta);
  list.append(item);
  while (list.children.length > MAX_SHOWN) {
    state.shownIds.delete(list.firstElementChild.dataset.messageId);
    list.firstElementChild.remove();
  }
  list.dataset.count = String(list.children.length);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

async function loadMessages() {
  (await getJson('/api/messages')).forEach(addMessage);
}

async function send(event) {
  event.preventDefault();
  const error = $('send-error');
  const body = JSON.stringify({ topic: $('topic').value.trim(), text: $('text').value });
  try {
    const response = await fetch('/api/messages', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || ('The node answered ' + response.status));
    }
    error.hidden = true;
    $('text').value = '';
    $('text').focus();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
}

// ---- this node --------------------------------------------------------------------------------------------

function renderNode(node) {
  state.self = node.nodeId;
  const info = $('node-info');
  info.dataset.nodeId = node.nodeId;
  info.dataset.online = String(node.online);
  $('node-id').textContent = node.nodeId;
  $('mesh-id').textContent = node.meshId;
  $('node-address').textContent = node.address || '–';
  const status = $('node-status');
  status.textContent = !node.running ? 'stopped' : node.online ? 'online' : 'offline (no neighbors yet)';
  status.className = 'status ' + (node.online ? 'online' : 'offline');
  const list = $('neighbors');
  list.replaceChildren(...node.neighbors.map((n) => {
    const item = document.createElement('li');
    item.className = 'neighbor';
    item.dataset.nodeId = n.nodeId;
    item.textContent = n.nodeId.slice(0, 6) + ' at ' + n.address + (n.outbound ? ' (dialled)' : ' (accepted)');
    return item;
  }));
  $('neighbor-count').textContent = String(node.neighbors.length);
}

// ---- the mesh picture -------------------------------------------------------------------------------------

function svg(name, attributes) {
  const element = document.createElementNS(SVG_NS, name);
  Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, value));
  return element;
}

// Nodes on a circle in id order, so every page draws the same picture and nodes keep their places.
function layout(nodes) {
  const radius = nodes.length <= 1 ? 0 : Math.min(130, 40 + nodes.length * 12);
  const positions = new Map();
  nodes.forEach((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
    positions.set(node.id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
  });
  return positions;
}

function renderTopology(graph) {
  const positions = layout(graph.nodes);
  const size = graph.nodes.length > 16 ? 11 : 20;
  $('topology-edges').replaceChildren(...graph.edges.filter((e) => positions.has(e.a) && positions.has(e.b)).map((e) => {
    const a = positions.get(e.a), b = positions.get(e.b);
    const line = svg('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: 'mesh-edge' });
    line.dataset.a = e.a;
    line.dataset.b = e.b;
    return line;
  }));
  $('topology-nodes').replaceChildren(...graph.nodes.map((node) => {
    const p = positions.get(node.id);
    const classes = ['mesh-node'];
    if (node.id === graph.self) classes.push('self');
    if (!node.reported) classes.push('unreported');
    if (node.httpUrl) classes.push('linked');
    const group = svg('g', { class: classes.join(' '), transform: 'translate(' + p.x + ' ' + p.y + ')' });
    group.dataset.nodeId = node.id;
    const title = svg('title', {});
    title.textContent = node.id + (node.httpUrl ? ' — ' + node.httpUrl : '') + (node.reported ? '' : ' (not reported yet)');
    const label = svg('text', {});
    label.textContent = node.shortId;
    if (size < 20) label.style.fontSize = '6px';
    group.append(title, svg('circle', { r: size }), label);
    if (node.httpUrl) group.addEventListener('click', () => window.open(node.httpUrl, '_blank', 'noopener'));
    return group;
  }));
  const summary = $('topology-summary');
  summary.dataset.nodes = String(graph.nodes.length);
  summary.dataset.edges = String(graph.edges.length);
  summary.textContent = graph.nodes.length + ' node' + (graph.nodes.length === 1 ? '' : 's') + ', '
      + graph.edges.length + ' link' + (graph.edges.length === 1 ? '' : 's');
}

// ---- live updates -----------------------------------------------------------------------------------------

async function refresh() {
  try {
    renderNode(await getJson('/api/node'));
    renderTopology(await getJson('/api/topology'));
  } catch (e) {
    $('node-status').textContent = 'this node does not answer';
    $('node-status').className = 'status offline';
  }
}

function connect() {
  const events = new EventSource('/api/messages/stream');
  events.addEventListener('message', (e) => addMessage(JSON.parse(e.data)));
  events.addEventListener('node', (e) => renderNode(JSON.parse(e.data)));
  events.addEventListener('topology', (e) => renderTopology(JSON.parse(e.data)));
  // After a reconnect, fetch the history again: it fills what was missed while the stream was down.
  events.addEventListener('open', () => loadMessages().catch(() => {}));
}

$('send-form').addEventListener('submit', send);
refresh().then(loadMessages).catch(() => {}).finally(connect);
setInterval(refresh, REFRESH_MILLIS);
