import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  KlarefiArgumentError,
  type KlarefiClient,
  KlarefiNotFoundError,
} from '../../src/client/index.js';
import { clientFor, envelope, type RecordingServer, rejectionOf, startRecordingServer } from './helpers.js';

let server: RecordingServer;
let client: KlarefiClient;

beforeEach(async () => {
  server = await startRecordingServer();
  ({ client } = clientFor(server));
});
afterEach(async () => {
  await server.close();
});

function event(cursor: number): CaseEvent {
  return {
    event_id: `evt_${cursor}`,
    event_type: 'document.uploaded',
    cursor,
    created_at: '2030-01-01T00:00:00Z',
  };
}

/** Serves a log of `total` events, two per page, from `after_cursor`. */
function serveLog(total: number): void {
  server.otherwise((request) => {
    const after = Number(request.query.get('after_cursor') ?? 0);
    const events = [after + 1, after + 2].filter((cursor) => cursor <= total).map(event);
    const last = events.at(-1)?.cursor ?? after;
    return { status: 200, json: { case_id: 'c1', events, next_cursor: last < total ? last : null } };
  });
}

async function collect(iterator: AsyncIterable<CaseEvent>): Promise<number[]> {
  const cursors: number[] = [];
  for await (const item of iterator) cursors.push(item.cursor);
  return cursors;
}

describe('listAllCaseEvents', () => {
  it('reads every event across three pages, following next_cursor until null', async () => {
    serveLog(6);
    expect(await collect(client.listAllCaseEvents('c1'))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(server.requests.map((request) => request.query.get('after_cursor'))).toEqual([null, '2', '4']);
    expect(new Set(server.requests.map((request) => request.path))).toEqual(
      new Set(['/api/v1/cases/c1/events']),
    );
  });

  it('starts after the given cursor', async () => {
    serveLog(6);
    expect(await collect(client.listAllCaseEvents('c1', { after_cursor: 3 }))).toEqual([4, 5, 6]);
    expect(server.requests.map((request) => request.query.get('after_cursor'))).toEqual(['3', '5']);
  });

  it('fetches pages only as the caller iterates', async () => {
    serveLog(6);
    const iterator = client.listAllCaseEvents('c1');
    expect(server.requests).toHaveLength(0);
    expect((await iterator.next()).value).toMatchObject({ cursor: 1 });
    expect(server.requests).toHaveLength(1);
    await iterator.return(undefined);
    expect(server.requests).toHaveLength(1);
  });

  it('stops when next_cursor does not advance', async () => {
    server.otherwise({ status: 200, json: { case_id: 'c1', events: [], next_cursor: 9 } });
    expect(await collect(client.listAllCaseEvents('c1', { after_cursor: 9 }))).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('follows a page that is empty but advances', async () => {
    server.script(
      { status: 200, json: { case_id: 'c1', events: [], next_cursor: 4 } },
      { status: 200, json: { case_id: 'c1', events: [event(5)], next_cursor: null } },
    );
    expect(await collect(client.listAllCaseEvents('c1'))).toEqual([5]);
  });

  it('passes a failing page on to the caller', async () => {
    server.script(
      { status: 200, json: { case_id: 'c1', events: [event(1)], next_cursor: 1 } },
      envelope(404, 'not_found'),
    );
    const seen: number[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const item of client.listAllCaseEvents('c1')) seen.push(item.cursor);
      })(),
    );
    expect(error).toBeInstanceOf(KlarefiNotFoundError);
    expect(seen).toEqual([1]);
  });

  it('checks its arguments at once, before any request', () => {
    expect(() => client.listAllCaseEvents('')).toThrow(KlarefiArgumentError);
    expect(() => client.listAllCaseEvents('c1', { after_cursor: -2 })).toThrow(
      /listAllCaseEvents: after_cursor must be a whole number ≥ 0/,
    );
    expect(() => client.listAllCaseEvents('c1', {}, { timeoutMs: -1 })).toThrow(/options.timeoutMs/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('getCaseEvents', () => {
  it('returns one page as sent', async () => {
    serveLog(6);
    expect(await client.getCaseEvents('c1', { after_cursor: 2 })).toEqual({
      case_id: 'c1',
      events: [event(3), event(4)],
      next_cursor: 4,
    });
  });
});
