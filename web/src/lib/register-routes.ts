// Where each register lives in the API, as openapi.json names it: the catalogue gives a
// register's path at run time, but the typed client needs the literal path of its operations.
// `npx tsc -p web` checks every entry against the generated paths and operations, and
// test/web-typed-calls.test.ts checks it against the server's registers.
import { call, client, type Page, type SameValues } from '../api';
import type { operations, paths } from '../generated/openapi';
import type { RecordData, RegisterMeta } from './lookups';
import { REGISTER_ROUTES } from './register-paths';

type Routes = typeof REGISTER_ROUTES;
/** A register that has routes of its own (a key with a `<key>.list` operation). */
export type RoutedRegister = keyof Routes;
type ListedKeys = {
  [Op in keyof operations]: Op extends `${infer K}.list` ? K : never;
}[keyof operations];
/** The registers of the catalogue (its `key` enum). */
type CatalogKey =
  operations['registers.catalog']['responses'][200]['content']['application/json']['items'][number]['key'];
// Every catalogue register with a list operation is here, and nothing else.
const _complete: SameValues<RoutedRegister, Extract<CatalogKey, ListedKeys>> = true;

export type ListPath<K extends RoutedRegister = RoutedRegister> = K extends RoutedRegister
  ? `/api/v1/orgs/{org}/${Routes[K][0]}`
  : never;
export type ItemPath<K extends RoutedRegister = RoutedRegister> = K extends RoutedRegister
  ? `${ListPath<K>}/{${Routes[K][1]}}`
  : never;
export type ImportPath<K extends RoutedRegister = RoutedRegister> = K extends RoutedRegister
  ? `${ListPath<K>}/import`
  : never;

// Each path is one of openapi.json, and serves the operations of its own register.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Serves<K extends RoutedRegister> = [
  Same<paths[ListPath<K>]['get'], operations[`${K}.list`]>,
  Same<paths[ListPath<K>]['post'], operations[`${K}.create`]>,
  Same<paths[ItemPath<K>]['get'], operations[`${K}.get`]>,
  Same<paths[ItemPath<K>]['patch'], operations[`${K}.update`]>,
  Same<paths[ItemPath<K>]['delete'], operations[`${K}.delete`]>,
  Same<paths[ImportPath<K>]['post'], operations[`${K}.import`]>,
];
type AllServe = {
  [K in RoutedRegister]: Serves<K> extends [true, true, true, true, true, true] ? true : false;
}[RoutedRegister];
const _serves: [AllServe] extends [true] ? true : false = true;

export const isRouted = (key: string): key is RoutedRegister => key in REGISTER_ROUTES;

/** The typed paths of one register's operations. */
function registerPaths(key: RoutedRegister) {
  const [segment, idParam] = REGISTER_ROUTES[key];
  const list = `/api/v1/orgs/{org}/${segment}` as ListPath;
  return {
    list,
    item: `${list}/{${idParam}}` as ItemPath,
    import: `${list}/import` as ImportPath,
    idParam,
  };
}

/** The typed paths of a register of the catalogue (one without routes of its own has none). */
export function pathsOf(reg: RegisterMeta) {
  if (!isRouted(reg.key)) throw new Error(`The register ${reg.key} has no routes of its own.`);
  return registerPaths(reg.key);
}

/**
 * What satisfies every register's variant of an operation at once: the paths are a union (one per
 * register), so their parameters and bodies are given as the intersection of the variants.
 */
export type AllOf<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** The list query: pages build it from the catalogue's fields; the server checks it (400). */
type RegisterQuery = AllOf<
  NonNullable<operations[`${RoutedRegister}.list`]['parameters']['query']>
>;

/** A page of a register's records, as the catalogue's generic pages read them. */
export const listRecords = (
  org: string,
  reg: RegisterMeta,
  query: Record<string, string | number | null | undefined>,
): Promise<Page<RecordData>> =>
  call(client.GET(pathsOf(reg).list, { params: { path: { org }, query: query as RegisterQuery } }));
