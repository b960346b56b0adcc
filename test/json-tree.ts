/**
 * Parsed JSON that a test changes in place before handing it to a validator (to show the
 * validator names the field it refuses): typed as a tree, reached and changed by path.
 */
export type JsonTree = string | number | boolean | null | JsonTree[] | { [key: string]: JsonTree };

type Key = string | number;

/** The node at a path; throws when the path does not exist (the test's fixture moved). */
export function at(tree: JsonTree, ...path: Key[]): JsonTree {
  let node = tree;
  for (const key of path) {
    if (node === null || typeof node !== 'object') throw new Error(`no ${path.join('.')}`);
    const next: JsonTree | undefined = Array.isArray(node)
      ? node[Number(key)]
      : (node as Record<string, JsonTree>)[String(key)];
    if (next === undefined) throw new Error(`no ${path.join('.')}`);
    node = next;
  }
  return node;
}

function parentOf(tree: JsonTree, path: Key[]) {
  const parent = at(tree, ...path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') throw new Error(`no ${path.join('.')}`);
  return { parent: parent as Record<string, JsonTree>, key: String(path[path.length - 1]) };
}

export function set(tree: JsonTree, path: Key[], value: JsonTree): void {
  const { parent, key } = parentOf(tree, path);
  parent[key] = value;
}

export function remove(tree: JsonTree, ...path: Key[]): void {
  const { parent, key } = parentOf(tree, path);
  delete parent[key];
}
