/** What `npm start` prints once it serves: where to look and how to get a token. */
export function welcomeText(local: { url: string; dynamodbEndpoint: string; tableName: string }): string {
  return [
    '',
    `Slimshop API     ${local.url}`,
    `API docs         ${local.url}/docs   (OpenAPI: ${local.url}/openapi.json)`,
    `DynamoDB (local) ${local.dynamodbEndpoint}   e.g. aws dynamodb scan --table-name ${local.tableName} --endpoint-url ${local.dynamodbEndpoint}`,
    '',
    'Admin token:     TOKEN=$(npm run -s token -- --role admin)',
    `Try:             curl -H "Authorization: Bearer $TOKEN" "${local.url}/products?limit=5"`,
    'Stop:            Ctrl-C (finishes in-flight requests first)',
    '',
    '',
  ].join('\n');
}
