import {
  type ExampleConfig,
  exampleConfig,
  formatValue,
  homePage,
  pageLanguage,
  returnUrl,
} from '@klarefi/example-kit';
import { klarefiRouter } from '@klarefi/express';
import { postgresInbox } from '@klarefi/postgres';
import express, { type Express } from 'express';
import type pg from 'pg';

/** The app's own table: one row per completed case, written in the inbox's transaction. */
export const CLAIMS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS claims (
  id bigserial PRIMARY KEY,
  case_id text NOT NULL,
  delivery_id text NOT NULL,
  completed_at timestamptz NOT NULL,
  case_type_id text NOT NULL,
  claim_values jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
)`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The example app, without listening: tests drive it with supertest. Run CLAIMS_TABLE_SQL first. */
export function createApp(pool: pg.Pool, config: ExampleConfig = exampleConfig()): Express {
  const app = express();
  app.use(
    klarefiRouter({
      apiKey: config.apiKey,
      baseUrl: config.baseUrl,
      webhookSecret: config.webhookSecret,
      startClaim: {
        caseTypeId: config.caseTypeId,
        locale: config.locale,
        session: (req) => ({ return_url: returnUrl(config, req.get('host')) }),
      },
      // The delivery's record and the handler's INSERT commit in one transaction: a crash or a
      // throw rolls both back, and the retry writes the claim once.
      webhook: { inbox: postgresInbox({ pool }) },
      on: {
        'case.completed': async (event, { tx, claim, deliveryId, dedupeKey }) => {
          // claim(): the kept value of each question (the case is read once when the body is thin).
          const { caseTypeId, values } = await claim();
          await tx.query(
            'INSERT INTO claims (case_id, delivery_id, completed_at, case_type_id, claim_values) VALUES ($1, $2, $3, $4, $5)',
            [
              event.case_id,
              deliveryId ?? dedupeKey,
              event.occurred_at ?? new Date().toISOString(),
              caseTypeId,
              JSON.stringify(values),
            ],
          );
        },
      },
    }),
  );

  app.get('/', (_req, res) => {
    res.send(homePage(config.locale));
  });
  const claimsPage = async (_req: express.Request, res: express.Response) => {
    const { rows } = await pool.query<{
      case_id: string;
      case_type_id: string;
      claim_values: Record<string, unknown>;
      recorded_at: Date;
    }>('SELECT case_id, case_type_id, claim_values, recorded_at FROM claims ORDER BY id DESC LIMIT 100');
    const lang = pageLanguage(config.locale);
    const items = rows
      .map((r) => {
        const values = Object.entries(r.claim_values)
          .map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(formatValue(value, lang))}`)
          .join('; ');
        return `<li><code>${escapeHtml(r.case_id)}</code> (${escapeHtml(r.case_type_id)}) <time>${r.recorded_at.toISOString()}</time><br>${values}</li>`;
      })
      .join('');
    res.send(
      `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Claims</title><h1>Claims</h1>${items ? `<ul>${items}</ul>` : '<p>No claim yet.</p>'}<p><a href="/">Start another claim</a></p>`,
    );
  };
  app.get(['/claims', '/claims/result'], (req, res, next) => {
    claimsPage(req, res).catch(next);
  });
  return app;
}
