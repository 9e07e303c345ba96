import { type Category, PreconditionFailedError } from '@slimshop/client';
import { useEffect, useId, useState } from 'preact/hooks';
import { allCategories, api } from '../api';
import { href } from '../router';
import { ActionForm } from '../ui/action-form';
import { describedBy, Field, InputField } from '../ui/field';
import { describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { useAction } from '../ui/use-action';
import { useAsync } from '../ui/use-async';
import { buildCategoryTree, type CategoryNode, flattenTree } from './category-tree';

const FIELDS = ['name', 'parentId'] as const;

/**
 * The category tree (a nested list), a form for a new category, and, with `id`, the form that renames the
 * category or moves it under another parent. The API refuses a move that makes a loop or a tree deeper than
 * it allows (422 on `parentId`): the message shows under the Parent field.
 */
export function CategoriesPage({ id }: { id?: string }) {
  const [loaded, reload] = useAsync(allCategories, []);
  const tree = loaded.state === 'ready' ? buildCategoryTree(loaded.value) : [];
  const options = flattenTree(tree);
  return (
    <>
      <h1>Categories</h1>
      {loaded.state === 'failed' ? <Notice kind="error">{describeError(loaded.error)}</Notice> : null}
      <div class="columns">
        <section aria-labelledby="category-tree">
          <h2 id="category-tree">Tree</h2>
          {loaded.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
          {loaded.state === 'ready' && tree.length === 0 ? <p>No categories yet.</p> : null}
          <CategoryList nodes={tree} selected={id} />
        </section>
        <div>
          {id === undefined ? null : <EditCategory key={id} id={id} options={options} onSaved={reload} />}
          <NewCategory options={options} onCreated={reload} />
        </div>
      </div>
    </>
  );
}

function CategoryList({ nodes, selected }: { nodes: readonly CategoryNode[]; selected: string | undefined }) {
  if (nodes.length === 0) return null;
  return (
    <ul class="tree">
      {nodes.map((node) => (
        <li key={node.category.id}>
          <a
            href={href.category(node.category.id)}
            aria-current={node.category.id === selected ? 'true' : undefined}
          >
            {node.category.name}
          </a>{' '}
          <span class="muted">({node.category.id})</span>
          <CategoryList nodes={node.children} selected={selected} />
        </li>
      ))}
    </ul>
  );
}

/** The parent picker: the top level, then every category by its path ("Kitchen / Mugs"). */
function ParentSelect(props: {
  id: string;
  value: string;
  options: readonly CategoryNode[];
  exclude?: string;
  errors: readonly string[];
  hint?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      {...describedBy(props.id, props.errors, props.hint)}
    >
      <option value="">Top level (no parent)</option>
      {props.options
        .filter((node) => node.category.id !== props.exclude)
        .map((node) => (
          <option key={node.category.id} value={node.category.id}>
            {node.label}
          </option>
        ))}
    </select>
  );
}

function NewCategory(props: { options: readonly CategoryNode[]; onCreated: () => void }) {
  const ids = { name: useId(), parentId: useId(), title: useId() };
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const action = useAction();
  const create = async () => {
    const { value } = await api().createCategory({
      name: name.trim(),
      ...(parentId === '' ? {} : { parentId }),
    });
    setName('');
    props.onCreated();
    return `Created “${value.name}” (${value.id}).`;
  };
  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>New category</h2>
      <ActionForm action={action} fields={FIELDS} labelledBy={ids.title} submit={create}>
        <InputField
          id={ids.name}
          label="Name"
          errors={action.errorsAt('name')}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <Field id={ids.parentId} label="Parent" errors={action.errorsAt('parentId')}>
          <ParentSelect
            id={ids.parentId}
            value={parentId}
            options={props.options}
            errors={action.errorsAt('parentId')}
            onChange={setParentId}
          />
        </Field>
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            Create category
          </button>
        </div>
      </ActionForm>
    </section>
  );
}

/** Rename and move, conditional on the version read (If-Match): someone else's change meanwhile is a 412. */
function EditCategory(props: { id: string; options: readonly CategoryNode[]; onSaved: () => void }) {
  const ids = { name: useId(), parentId: useId(), title: useId() };
  const [current, setCurrent] = useState<{ category: Category; etag: string } | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const action = useAction();

  const load = async () => {
    const { value, etag } = await api().getCategory(props.id);
    setCurrent({ category: value, etag });
    setName(value.name);
    setParentId(value.parentId ?? '');
  };
  useEffect(() => {
    load().catch(setLoadError);
  }, []);

  if (loadError !== undefined) return <Notice kind="error">{describeError(loadError)}</Notice>;
  if (current === undefined) return <p aria-live="polite">Loading…</p>;

  const save = async () => {
    try {
      const { value, etag } = await api().updateCategory(
        props.id,
        { name: name.trim(), parentId: parentId === '' ? null : parentId },
        { etag: current.etag },
      );
      setCurrent({ category: value, etag });
      props.onSaved();
      return `Saved “${value.name}”.`;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      await load();
      throw new Error('Someone else changed this category meanwhile: the form now shows their version.');
    }
  };
  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>Edit {current.category.name}</h2>
      <ActionForm action={action} fields={FIELDS} labelledBy={ids.title} submit={save}>
        <InputField
          id={ids.name}
          label="Name"
          errors={action.errorsAt('name')}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <Field
          id={ids.parentId}
          label="Parent"
          hint="Not itself nor one of its sub-categories; the tree is at most 8 levels deep."
          errors={action.errorsAt('parentId')}
        >
          <ParentSelect
            id={ids.parentId}
            value={parentId}
            options={props.options}
            exclude={props.id}
            hint
            errors={action.errorsAt('parentId')}
            onChange={setParentId}
          />
        </Field>
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            Save category
          </button>
        </div>
      </ActionForm>
    </section>
  );
}
