import { ApiError, type FieldError, PreconditionFailedError, type Product } from '@slimshop/client';
import { useEffect, useState } from 'preact/hooks';
import { allCategories, api } from '../api';
import { href, navigate } from '../router';
import { Confirm, Dialog } from '../ui/dialog';
import { describedBy, Field, InputField } from '../ui/field';
import { describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { useAsync } from '../ui/use-async';
import { STATUSES } from './products';

interface Form {
  sku: string;
  name: string;
  description: string;
  price: string;
  currency: string;
  categoryId: string;
  status: Product['status'];
  taxClass: Product['taxClass'];
}

const EMPTY: Form = {
  sku: '',
  name: '',
  description: '',
  price: '',
  currency: 'EUR',
  categoryId: '',
  status: 'draft',
  taxClass: 'standard',
};
const TAX_CLASSES: readonly Product['taxClass'][] = ['standard', 'reduced', 'zero'];

/** The form's field for each path the API may name in `errors[].path`. */
const FIELD_OF_PATH: Record<string, keyof Form> = {
  sku: 'sku',
  name: 'name',
  description: 'description',
  price: 'price',
  'price.amount': 'price',
  'price.currency': 'currency',
  categoryId: 'categoryId',
  status: 'status',
  taxClass: 'taxClass',
};

const formOf = (p: Product): Form => ({
  sku: p.sku,
  name: p.name,
  description: p.description ?? '',
  price: (p.price.amount / 100).toFixed(2),
  currency: p.price.currency,
  categoryId: p.categoryId,
  status: p.status,
  taxClass: p.taxClass,
});

/** "14.50" → 1450 minor units; anything else goes to the API as it is, which names the field. */
const amountOf = (price: string): number => {
  const trimmed = price.trim();
  return /^-?\d+(\.\d{1,2})?$/.test(trimmed) ? Math.round(Number(trimmed) * 100) : Number.NaN;
};

const bodyOf = (form: Form) => ({
  sku: form.sku.trim(),
  name: form.name.trim(),
  price: { amount: amountOf(form.price), currency: form.currency.trim() },
  categoryId: form.categoryId,
  status: form.status,
  taxClass: form.taxClass,
});

/** Create (no id) or edit a product; edits are conditional on the version read (If-Match). */
export function ProductFormPage({ id }: { id?: string }) {
  const [categories] = useAsync(allCategories, []);
  const [form, setForm] = useState<Form>(EMPTY);
  const [etag, setEtag] = useState<string | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const load = async () => {
    if (id === undefined) return;
    try {
      const { value, etag } = await api().getProduct(id);
      setForm(formOf(value));
      setEtag(etag);
    } catch (error) {
      setLoadError(error);
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    setSaved(undefined);
    try {
      await action();
    } catch (error) {
      if (error instanceof PreconditionFailedError) setConflict(true);
      else if (error instanceof ApiError && error.errors.length > 0) {
        setErrors(error.errors);
        setFailure(`${error.title}: check the fields marked below.`);
      } else setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const save = (withEtag: string | undefined) =>
    run(async () => {
      setErrors([]);
      if (id === undefined) {
        const body = bodyOf(form);
        const { value } = await api().createProduct(
          form.description.trim() === '' ? body : { ...body, description: form.description.trim() },
        );
        navigate(href.product(value.id));
        return;
      }
      if (withEtag === undefined) return;
      const { value, etag } = await api().updateProduct(
        id,
        { ...bodyOf(form), description: form.description.trim() === '' ? null : form.description.trim() },
        { etag: withEtag },
      );
      setForm(formOf(value));
      setEtag(etag);
      setSaved(`Saved version ${value.version}.`);
    });

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void save(etag);
  };

  /** The 412 dialog: take their version, or put mine over it (conditional on the version just read). */
  const reload = () =>
    run(async () => {
      setConflict(false);
      setErrors([]);
      await load();
      setSaved('Reloaded: you see the latest version.');
    });
  const overwrite = () =>
    run(async () => {
      setConflict(false);
      if (id === undefined) return;
      const latest = await api().getProduct(id);
      setEtag(latest.etag);
      await save(latest.etag);
    });
  const remove = () =>
    run(async () => {
      setConfirmDelete(false);
      if (id === undefined) return;
      await api().deleteProduct(id, etag === undefined ? {} : { etag });
      navigate(href.products());
    });

  const errorFor = (field: keyof Form) =>
    errors.filter((e) => FIELD_OF_PATH[e.path] === field).map((e) => e.message);
  const otherErrors = errors.filter((e) => FIELD_OF_PATH[e.path] === undefined);
  const set = (field: keyof Form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });

  if (loadError !== undefined)
    return (
      <>
        <h1>Product</h1>
        <Notice kind="error">{describeError(loadError)}</Notice>
        <p>
          <a href={href.products()}>Back to products</a>
        </p>
      </>
    );

  return (
    <>
      <p class="crumbs">
        <a href={href.products()}>Products</a> /
      </p>
      <h1>{id === undefined ? 'New product' : `Edit ${form.name || id}`}</h1>
      {id === undefined ? null : (
        <p>
          <a href={href.productImages(id)}>Images of this product</a>
        </p>
      )}
      {failure === undefined ? null : <Notice kind="error">{failure}</Notice>}
      {saved === undefined ? null : <Notice kind="success">{saved}</Notice>}
      {otherErrors.length > 0 ? (
        <ul class="errors">
          {otherErrors.map((e) => (
            <li key={e.path}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <form class="form" onSubmit={onSubmit} noValidate aria-busy={busy}>
        <InputField id="sku" label="SKU" errors={errorFor('sku')} value={form.sku} onInput={set('sku')} />
        <InputField
          id="name"
          label="Name"
          errors={errorFor('name')}
          value={form.name}
          onInput={set('name')}
        />
        <Field id="description" label="Description (optional)" errors={errorFor('description')}>
          <textarea
            id="description"
            rows={3}
            value={form.description}
            onInput={set('description')}
            {...describedBy('description', errorFor('description'))}
          />
        </Field>
        <div class="row">
          <InputField
            id="price"
            label="Price"
            hint="In the currency's units: 14.50"
            errors={errorFor('price')}
            inputMode="decimal"
            value={form.price}
            onInput={set('price')}
          />
          <InputField
            id="currency"
            label="Currency"
            errors={errorFor('currency')}
            value={form.currency}
            maxLength={3}
            size={4}
            onInput={set('currency')}
          />
        </div>
        <Field id="categoryId" label="Category" errors={errorFor('categoryId')}>
          <select
            id="categoryId"
            value={form.categoryId}
            onChange={set('categoryId')}
            {...describedBy('categoryId', errorFor('categoryId'))}
          >
            <option value="">Choose a category</option>
            {categories.state === 'ready'
              ? categories.value.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))
              : null}
          </select>
        </Field>
        <div class="row">
          <Field id="status" label="Status" errors={errorFor('status')}>
            <select id="status" value={form.status} onChange={set('status')}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          <Field id="taxClass" label="Tax class" errors={errorFor('taxClass')}>
            <select id="taxClass" value={form.taxClass} onChange={set('taxClass')}>
              {TAX_CLASSES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {id === undefined ? 'Create product' : 'Save changes'}
          </button>
          {id === undefined ? null : (
            <button type="button" class="danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          )}
        </div>
      </form>

      <Dialog
        open={conflict}
        title="Changed by someone else"
        onCancel={() => setConflict(false)}
        actions={
          <>
            <button type="button" onClick={reload}>
              Reload their version
            </button>
            <button type="button" class="danger" onClick={overwrite}>
              Overwrite with mine
            </button>
          </>
        }
      >
        <p>
          This product was changed by someone else since you opened it. Reload to see their version (your
          edits here are lost), or overwrite it with yours.
        </p>
      </Dialog>
      <Confirm
        open={confirmDelete}
        title="Delete this product?"
        message={`“${form.name}” (${form.sku}) is deleted for good, with its images.`}
        confirmLabel="Delete product"
        onConfirm={remove}
        onCancel={() => setConfirmDelete(false)}
      />
    </>
  );
}
