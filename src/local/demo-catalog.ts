import type { CategoryInput } from '../domain/catalog/category.js';
import type { ProductInput } from '../domain/catalog/product.js';

/**
 * The catalog `npm start` seeds into an empty table: a small coffee shop, so the API, the docs page
 * and the filters (category, status, price, name prefix, sort) have something realistic to show.
 * One currency (EUR), prices in cents; most products active, a few draft or archived.
 */
export const DEMO_CATEGORIES: CategoryInput[] = [
  { id: 'coffee', name: 'Coffee' },
  { id: 'single-origin', name: 'Single origin', parentId: 'coffee' },
  { id: 'tea', name: 'Tea' },
  { id: 'brewing', name: 'Brewing equipment' },
  { id: 'cups', name: 'Cups & mugs' },
];

type Row = [sku: string, name: string, cents: number, attributes: ProductInput['attributes']];

const ROWS: Record<string, Row[]> = {
  coffee: [
    ['COF-HOUSE-250', 'House Blend Coffee 250 g', 895, { roast: 'medium', weightGrams: 250, whole: true }],
    ['COF-HOUSE-1000', 'House Blend Coffee 1 kg', 2990, { roast: 'medium', weightGrams: 1000, whole: true }],
    ['COF-ESPR-250', 'Espresso Classico 250 g', 950, { roast: 'dark', weightGrams: 250, whole: true }],
    ['COF-ESPR-1000', 'Espresso Classico 1 kg', 3290, { roast: 'dark', weightGrams: 1000, whole: true }],
    ['COF-DECAF-250', 'Swiss Water Decaf 250 g', 1050, { roast: 'medium', weightGrams: 250, decaf: true }],
    ['COF-CREMA-500', 'Café Crème Blend 500 g', 1690, { roast: 'medium', weightGrams: 500, whole: true }],
    [
      'COF-BREAK-250',
      'Breakfast Blend Ground 250 g',
      790,
      { roast: 'light', weightGrams: 250, whole: false },
    ],
    [
      'COF-COLD-500',
      'Cold Brew Coarse Grind 500 g',
      1490,
      { roast: 'medium', weightGrams: 500, whole: false },
    ],
    [
      'COF-ORG-250',
      'Organic Mountain Blend 250 g',
      1190,
      { roast: 'medium', weightGrams: 250, organic: true },
    ],
    ['COF-XMAS-250', 'Winter Spice Blend 250 g', 990, { roast: 'medium', weightGrams: 250, seasonal: true }],
  ],
  'single-origin': [
    ['SO-ETH-YIRG', 'Ethiopia Yirgacheffe', 1390, { origin: 'Ethiopia', process: 'washed', altitudeM: 2000 }],
    [
      'SO-ETH-GUJI',
      'Ethiopia Guji Natural',
      1450,
      { origin: 'Ethiopia', process: 'natural', altitudeM: 2100 },
    ],
    ['SO-KEN-AA', 'Kenya AA Nyeri', 1590, { origin: 'Kenya', process: 'washed', altitudeM: 1800 }],
    ['SO-COL-HUILA', 'Colombia Huila', 1250, { origin: 'Colombia', process: 'washed', altitudeM: 1700 }],
    ['SO-BRA-CERR', 'Brazil Cerrado', 1090, { origin: 'Brazil', process: 'natural', altitudeM: 1100 }],
    ['SO-GUA-ANT', 'Guatemala Antigua', 1290, { origin: 'Guatemala', process: 'washed', altitudeM: 1500 }],
    [
      'SO-CR-TARR',
      'Costa Rica Tarrazú Honey',
      1490,
      { origin: 'Costa Rica', process: 'honey', altitudeM: 1600 },
    ],
    ['SO-RWA-KIV', 'Rwanda Lake Kivu', 1420, { origin: 'Rwanda', process: 'washed', altitudeM: 1700 }],
    [
      'SO-SUM-MAND',
      'Sumatra Mandheling',
      1350,
      { origin: 'Indonesia', process: 'wet-hulled', altitudeM: 1300 },
    ],
    ['SO-PAN-GESH', 'Panama Geisha Reserve', 4900, { origin: 'Panama', process: 'washed', altitudeM: 1800 }],
    ['SO-YEM-MOCHA', 'Yemen Mocha Haraaz', 5400, { origin: 'Yemen', process: 'natural', altitudeM: 2300 }],
  ],
  tea: [
    ['TEA-EARL-100', 'Earl Grey Loose Leaf 100 g', 750, { type: 'black', weightGrams: 100 }],
    ['TEA-ASSAM-100', 'Assam Breakfast 100 g', 690, { type: 'black', weightGrams: 100 }],
    ['TEA-DARJ-100', 'Darjeeling First Flush 100 g', 1290, { type: 'black', weightGrams: 100 }],
    ['TEA-SENCHA-100', 'Japanese Sencha 100 g', 1150, { type: 'green', weightGrams: 100 }],
    ['TEA-MATCHA-30', 'Ceremonial Matcha 30 g', 1990, { type: 'green', weightGrams: 30 }],
    ['TEA-JASM-100', 'Jasmine Pearls 100 g', 1390, { type: 'green', weightGrams: 100 }],
    ['TEA-OOLONG-100', 'Tieguanyin Oolong 100 g', 1490, { type: 'oolong', weightGrams: 100 }],
    ['TEA-ROOIB-100', 'Rooibos Vanilla 100 g', 590, { type: 'herbal', weightGrams: 100, caffeine: false }],
    ['TEA-CHAM-50', 'Chamomile Blossoms 50 g', 490, { type: 'herbal', weightGrams: 50, caffeine: false }],
    ['TEA-MINT-50', 'Moroccan Mint 50 g', 520, { type: 'herbal', weightGrams: 50, caffeine: false }],
    ['TEA-CHAI-100', 'Masala Chai 100 g', 790, { type: 'black', weightGrams: 100 }],
  ],
  brewing: [
    ['BRW-V60-02', 'Pour-Over Dripper Size 02', 2490, { material: 'ceramic', cups: 4 }],
    ['BRW-V60-FILT', 'Paper Filters Size 02 (100 pcs)', 590, { material: 'paper', pieces: 100 }],
    ['BRW-FRENCH-1L', 'French Press 1 l', 3490, { material: 'glass', cups: 8 }],
    ['BRW-AERO', 'AeroPress Coffee Maker', 3990, { material: 'plastic', cups: 1 }],
    ['BRW-MOKA-6', 'Moka Pot 6 Cups', 3290, { material: 'aluminium', cups: 6 }],
    ['BRW-CHEMEX-6', 'Glass Pour-Over Carafe 6 Cups', 4990, { material: 'glass', cups: 6 }],
    ['BRW-GRIND-HAND', 'Hand Grinder with Steel Burrs', 8900, { material: 'steel', electric: false }],
    ['BRW-GRIND-ELEC', 'Electric Burr Grinder', 14900, { material: 'steel', electric: true, watts: 150 }],
    ['BRW-KETTLE-GOOSE', 'Gooseneck Kettle 0.9 l', 5990, { material: 'steel', electric: true, watts: 1200 }],
    ['BRW-SCALE', 'Coffee Scale with Timer', 2990, { material: 'plastic', precisionGrams: 0.1 }],
    ['BRW-COLD-TOWER', 'Cold Drip Tower', 12900, { material: 'glass', cups: 8 }],
    ['BRW-ESPR-MACH', 'Home Espresso Machine', 49900, { material: 'steel', electric: true, bar: 15 }],
    ['BRW-TAMPER-58', 'Espresso Tamper 58 mm', 3490, { material: 'steel', diameterMm: 58 }],
    ['BRW-TEAPOT-1L', 'Cast Iron Teapot 1 l', 4490, { material: 'cast iron', cups: 4 }],
  ],
  cups: [
    ['CUP-ESPR-2', 'Espresso Cups, Set of 2', 1890, { material: 'porcelain', volumeMl: 80, pieces: 2 }],
    ['CUP-CAPP-2', 'Cappuccino Cups, Set of 2', 2290, { material: 'porcelain', volumeMl: 180, pieces: 2 }],
    ['CUP-LATTE-GLASS', 'Double-Wall Latte Glass', 1290, { material: 'glass', volumeMl: 300, pieces: 1 }],
    ['CUP-MUG-STONE', 'Stoneware Mug', 1490, { material: 'stoneware', volumeMl: 350, pieces: 1 }],
    ['CUP-TRAVEL', 'Insulated Travel Mug', 2490, { material: 'steel', volumeMl: 400, pieces: 1 }],
    [
      'CUP-TEA-GLASS',
      'Moroccan Tea Glasses, Set of 6',
      1990,
      { material: 'glass', volumeMl: 150, pieces: 6 },
    ],
    ['CUP-CHAWAN', 'Matcha Bowl', 2890, { material: 'ceramic', volumeMl: 400, pieces: 1 }],
    ['CUP-KEEP-12', 'Reusable Cup 12 oz', 1590, { material: 'glass', volumeMl: 340, pieces: 1 }],
    ['CUP-CORTADO-4', 'Cortado Glasses, Set of 4', 2190, { material: 'glass', volumeMl: 135, pieces: 4 }],
  ],
};

// A handful of products that are not for sale, so the admin-only statuses are visible in the demo.
const NOT_ACTIVE: Record<string, ProductInput['status']> = {
  'COF-XMAS-250': 'archived',
  'TEA-CHAM-50': 'archived',
  'SO-YEM-MOCHA': 'draft',
  'BRW-COLD-TOWER': 'draft',
  'CUP-KEEP-12': 'draft',
};

// Coffee and tea are food, taxed at the reduced rate in Germany; equipment and cups at the standard one.
const REDUCED_CATEGORIES = new Set(['coffee', 'single-origin', 'tea']);

export const DEMO_PRODUCTS: ProductInput[] = Object.entries(ROWS).flatMap(([categoryId, rows]) =>
  rows.map(([sku, name, cents, attributes]) => ({
    sku,
    name,
    description: `${name}, from the Slimshop demo catalog.`,
    price: { amount: cents, currency: 'EUR' },
    categoryId,
    status: NOT_ACTIVE[sku] ?? 'active',
    attributes,
    taxClass: REDUCED_CATEGORIES.has(categoryId) ? 'reduced' : 'standard',
  })),
);
