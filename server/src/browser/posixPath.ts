// The few node:path functions the server uses, for '/'-separated paths (the browser host's paths are URI paths).

function normalize(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(seg);
  }
  const body = out.join('/');
  return abs ? `/${body}` : body || '.';
}

export const posixPath = {
  sep: '/',
  isAbsolute: (p: string): boolean => p.startsWith('/'),
  join: (...parts: string[]): string => normalize(parts.filter((x) => x !== '').join('/') || '.'),
  dirname(p: string): string {
    const n = normalize(p);
    const i = n.lastIndexOf('/');
    if (i < 0) return '.';
    return i === 0 ? '/' : n.slice(0, i);
  },
  basename(p: string): string {
    const n = p.replace(/\/+$/, '');
    return n.slice(n.lastIndexOf('/') + 1);
  },
  relative(from: string, to: string): string {
    const a = normalize(from).split('/').filter(Boolean);
    const b = normalize(to).split('/').filter(Boolean);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
  },
};
