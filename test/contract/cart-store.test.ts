import { createDynamoCartStore } from '../../src/adapters/dynamodb/cart-store.js';
import { createMemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { useDynamoTables } from '../support/dynamodb.js';
import { describeCartStoreContract } from './cart-store.contract.js';

const local = useDynamoTables('carts');

describeCartStoreContract('memory', async (clock) => createMemoryCartStore(clock));
describeCartStoreContract('dynamodb (DynamoDB Local)', async (clock) =>
  createDynamoCartStore({ client: local.client(), tableName: await local.freshTable(), clock }),
);
