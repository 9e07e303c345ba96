import { createDynamoCartStore } from '../../src/adapters/dynamodb/cart-store.js';
import { createMemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { describeCartStoreContract } from './cart-store.contract.js';
import { useDynalite } from './dynalite-harness.js';

const local = useDynalite('carts');

describeCartStoreContract('memory', async (clock) => createMemoryCartStore(clock));
describeCartStoreContract('dynamodb (dynalite)', async (clock) =>
  createDynamoCartStore({ client: local.client(), tableName: await local.freshTable(), clock }),
);
