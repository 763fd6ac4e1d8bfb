// A strict parser for the Prometheus text format (0.0.4), so tests check what a scraper would read.
export interface Sample { name: string; labels: Record<string, string>; value: number }
export interface Scrape { samples: Sample[]; types: Record<string, string>; help: Record<string, string> }

export function parsePrometheus(text: string): Scrape {
  const out: Scrape = { samples: [], types: {}, help: {} };
  if (!text.endsWith("\n")) throw new Error("exposition must end with a newline");
  for (const line of text.split("\n")) {
    if (!line) continue;
    let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) { (m[1] === "HELP" ? out.help : out.types)[m[2]] = m[3]; continue; }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
      let lm: RegExpExecArray | null;
      let pos = 0;
      while (pos < m[3].length && (lm = (re.lastIndex = pos, re.exec(m[3])))) {
        labels[lm[1]] = lm[2].replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
        pos = re.lastIndex;
      }
      if (pos !== m[3].length) throw new Error(`bad labels: ${line}`);
    }
    const v = m[4] === "+Inf" ? Infinity : m[4] === "-Inf" ? -Infinity : Number(m[4]);
    if (Number.isNaN(v) && m[4] !== "NaN") throw new Error(`bad value: ${line}`);
    out.samples.push({ name: m[1], labels, value: v });
  }
  return out;
}

/** The value of one series, or undefined. Labels must match exactly the given subset. */
export function value(s: Scrape, name: string, labels: Record<string, string> = {}): number | undefined {
  return s.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value;
}
