import { DEMO_STOCK } from './seed-demo.js';

/** What `npm start` prints once it serves: where to look, how to get a token, how to place an order. */
export function welcomeText(local: {
  url: string;
  dynamodbEndpoint: string;
  tableName: string;
  postgres: string;
  s3Endpoint?: string;
  mailUi?: string;
  /** A short-lived admin token for the console's sign-in link (docs/admin.md). */
  adminToken?: string;
}): string {
  return [
    '',
    `Slimshop API     ${local.url}`,
    `API docs         ${local.url}/docs   (OpenAPI: ${local.url}/openapi.json)`,
    `Cost advisor     ${local.url}/advisor   (which AWS services fit a workload, and what they cost)`,
    ...(local.adminToken === undefined
      ? []
      : [
          `Admin console    ${local.url}/admin/#token=${local.adminToken}`,
          '                 (sign-in link, valid 1 hour; built by npm run build; a new one: npm run -s token -- --role admin)',
        ]),
    `DynamoDB (local) ${local.dynamodbEndpoint}   e.g. aws dynamodb scan --table-name ${local.tableName} --endpoint-url ${local.dynamodbEndpoint}`,
    `PostgreSQL       ${local.postgres}   (orders and stock; e.g. psql "${local.postgres}")`,
    ...(local.s3Endpoint === undefined
      ? []
      : [`S3 (local)       ${local.s3Endpoint}   (product images; docs/images.md walks through an upload)`]),
    ...(local.mailUi === undefined
      ? []
      : [
          `Emails (MailDev) ${local.mailUi}   (every email the shop sends: order confirmations and the rest)`,
        ]),
    '',
    'Admin token:     TOKEN=$(npm run -s token -- --role admin)',
    `Try:             curl -H "Authorization: Bearer $TOKEN" "${local.url}/products?limit=5"`,
    'Order:           CUSTOMER=$(npm run -s token -- --role customer --sub alice)',
    `                 curl -X POST -H "Authorization: Bearer $CUSTOMER" -H "Idempotency-Key: my-first-order" \\`,
    `                   -H "Content-Type: application/json" -d '{"items":[{"productId":"cof-espr-250","quantity":1}]}' ${local.url}/orders`,
    `                 (each demo product starts with ${DEMO_STOCK} in stock; README.md walks through carts and orders)`,
    'Stop:            Ctrl-C (finishes in-flight requests first)',
    '',
    '',
  ].join('\n');
}
