/**
 * Finds text that is not well-formed Unicode: a lone UTF-16 surrogate, which JSON can carry as
 * `"\ud800"` but which no UTF-8 store, email header or URL encoder can represent (the email
 * validator threw a URIError on one). Returns the path of the first such string, value or key,
 * in the form validation errors use (`email`, `evidence[0].reference`), or null when all text
 * is well-formed. Walks with an explicit stack: bodies are checked before the depth limit is.
 */
export function findIllFormedText(value: unknown, rootName: string): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (!current.isWellFormed()) return path || rootName;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}[${i}]`]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const childPath = path ? `${path}.${key}` : key;
        if (!key.isWellFormed()) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}
