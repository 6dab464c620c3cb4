// The HTTP API as the dashboard uses it: every call carries the token typed at login (Authorization: Bearer),
// and errors come back as the API's problem documents (RFC 9457), shown as their detail.
const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? (problem.detail || problem.title) : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  headers(extra = {}) {
    return { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...extra };
  }

  async get(path) {
    return this.answer(await fetch(BASE + path, { headers: this.headers(), cache: 'no-store' }));
  }

  async post(path, body) {
    return this.answer(await fetch(BASE + path, {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(body ?? {}),
    }));
  }

  async answer(response) {
    const text = await response.text();
    let body = null;
    if (text) {
      try { body = JSON.parse(text); } catch (e) { body = { detail: text }; }
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  /**
   * Follows a Server-Sent Events stream. EventSource cannot send an Authorization header, so the stream is read
   * with fetch; on a dropped connection it reconnects after a pause with Last-Event-ID, and the API replays what
   * was missed (or sends its GAP marker). Returns a function that stops it.
   */
  stream(path, onEvent, onState) {
    const controller = new AbortController();
    let lastId = null;
    let stopped = false;
    const run = async () => {
      while (!stopped) {
        try {
          const headers = this.headers({ Accept: 'text/event-stream' });
          if (lastId) headers['Last-Event-ID'] = lastId;
          const response = await fetch(BASE + path, { headers, signal: controller.signal, cache: 'no-store' });
          if (!response.ok) {
            await this.answer(response);
          }
          onState('live');
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = parseEvent(block);
              if (event.id) lastId = event.id;
              if (event.data !== null) onEvent(event);
            }
          }
          onState('reconnecting');
        } catch (e) {
          if (stopped) return;
          onState(e instanceof ApiError ? `refused: ${e.message}` : 'reconnecting');
          if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    };
    run();
    return () => { stopped = true; controller.abort(); };
  }
}

/** One event block of the text/event-stream format: its id and its data lines joined (comments ignored). */
export function parseEvent(block) {
  let id = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return { id, data: data.length ? data.join('\n') : null };
}
