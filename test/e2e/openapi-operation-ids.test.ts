import { expect, it } from 'vitest';
import { publishedDocument } from '../../scripts/openapi/published-document.js';

/**
 * Generated clients name their methods after operationIds (@slimshop/client's `raw` too): renaming one breaks
 * every caller, so the whole list is written out here and changes only on purpose.
 */
const OPERATION_IDS = {
  'GET /health': 'getHealth',
  'GET /': 'getIndex',
  'GET /products': 'listProducts',
  'POST /products': 'createProduct',
  'GET /products/{id}': 'getProduct',
  'PUT /products/{id}': 'replaceProduct',
  'PATCH /products/{id}': 'updateProduct',
  'DELETE /products/{id}': 'deleteProduct',
  'POST /products/{id}/images': 'createImageUpload',
  'DELETE /products/{id}/images/{imageId}': 'deleteProductImage',
  'GET /categories': 'listCategories',
  'POST /categories': 'createCategory',
  'GET /categories/{id}': 'getCategory',
  'PATCH /categories/{id}': 'updateCategory',
  'DELETE /categories/{id}': 'deleteCategory',
  'POST /carts': 'createCart',
  'GET /carts/{id}': 'getCart',
  'PUT /carts/{id}/items/{productId}': 'setCartItem',
  'POST /carts/{id}/quote': 'quoteCart',
  'GET /orders': 'listOrders',
  'POST /orders': 'placeOrder',
  'GET /orders/{id}': 'getOrder',
  'POST /orders/{id}/cancel': 'cancelOrder',
  'POST /orders/{id}/status': 'changeOrderStatus',
  'POST /orders/{id}/payment': 'startOrderPayment',
  'POST /webhooks/stripe': 'receiveStripeWebhook',
  'POST /payments/test/{paymentId}/succeed': 'succeedTestPayment',
  'POST /payments/test/{paymentId}/fail': 'failTestPayment',
  'GET /inventory/{productId}': 'getInventory',
  'PUT /inventory/{productId}': 'setInventory',
  'POST /inventory/{productId}/adjustments': 'adjustInventory',
  'GET /reports/sales': 'getSalesReport',
  'GET /events': 'listEvents',
  'GET /shipping-methods': 'listShippingMethods',
  'GET /shipping-methods/{id}': 'getShippingMethod',
  'PUT /shipping-methods/{id}': 'replaceShippingMethod',
  'DELETE /shipping-methods/{id}': 'deleteShippingMethod',
  'GET /tax-rates': 'listTaxRates',
  'GET /tax-rates/{country}': 'getTaxRates',
  'PUT /tax-rates/{country}': 'setTaxRates',
  'DELETE /tax-rates/{country}': 'deleteTaxRates',
  'GET /discount-codes': 'listDiscountCodes',
  'GET /discount-codes/{code}': 'getDiscountCode',
  'PUT /discount-codes/{code}': 'replaceDiscountCode',
  'DELETE /discount-codes/{code}': 'deleteDiscountCode',
  'GET /jobs': 'listJobs',
  'POST /jobs': 'startJob',
  'GET /jobs/{id}': 'getJob',
  'POST /jobs/files': 'createJobFileUpload',
  'GET /jobs/{id}/files/{file}': 'getJobFileLink',
  'POST /advisor': 'getAdvice',
};

it('every operation has its stable, unique, camelCase verb-noun operationId', async () => {
  const { paths } = await publishedDocument();
  const found = Object.fromEntries(
    Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => [
        `${method.toUpperCase()} ${path}`,
        operation.operationId,
      ]),
    ),
  );
  expect(found).toEqual(OPERATION_IDS);
  const ids = Object.values(found);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids)
    expect(id).toMatch(
      /^(get|list|create|replace|update|delete|set|place|cancel|change|adjust|start|quote|receive|succeed|fail)[A-Z][A-Za-z]+$/,
    );
});
