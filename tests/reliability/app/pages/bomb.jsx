// `/bomb?shape=...`: a memory bomb, stopped by the render memory limit. The shapes allocate differently,
// which matters to how QuickJS runs out of memory (see bridge/render/quickjs.py and crash_rates.py).
const kept = [];

const SHAPES = {
  // the bomb of the issue: a growing array of 1 kB strings
  strings() {
    const a = [];
    while (true) a.push("x".repeat(1000) + a.length);
  },
  // kept at module level, so the heap stays full after the error
  module() {
    while (true) kept.push("y".repeat(1000) + kept.length);
  },
  // small objects only
  objects() {
    let chain = {};
    while (true) chain = { chain };
  },
  // typed arrays of growing sizes (4 kB and up)
  bytes() {
    const a = [];
    while (true) a.push(new Uint8Array(4096 + a.length));
  },
  // typed arrays of 4 kB
  pages() {
    const a = [];
    while (true) a.push(new Uint8Array(4096));
  },
  // typed arrays of 64 kB
  chunks() {
    const a = [];
    while (true) a.push(new Uint8Array(65536));
  },
  // typed arrays of 256 kB: mapped, not touched, so they count against the heap limit at no cost
  mapped() {
    const a = [];
    while (true) a.push(new Uint8Array(262144));
  },
  // catches the out-of-memory error, frees half and goes on: many trips to the heap limit in one render
  caught() {
    const a = [];
    for (let round = 0; round < 50; round++) {
      try {
        while (true) a.push("c".repeat(500) + a.length);
      } catch {
        a.length >>= 1;
      }
    }
  },
  // Bombs of ArrayBuffers, each 1.5 GB in all and then done, so that an engine whose limit does not see them
  // renders the page (tests/reliability/test_faults.py gives them a long time limit).
  // the V8 finding: six 256 MB typed arrays, written to so that their pages are resident
  buffers() {
    const a = [];
    for (let i = 0; i < 6; i++) a.push(new Uint8Array(256 << 20).fill(1));
  },
  // copies of one 64 MB typed array, made by its methods (slice, toReversed) and by the constructor
  copies() {
    const source = new Uint8Array(64 << 20).fill(1);
    const a = [];
    for (let i = 0; i < 8; i++) a.push(source.slice(), source.toReversed(), new Uint8Array(source));
  },
  // typed arrays of 16 kB, written to
  pieces() {
    const a = [];
    for (let i = 0; i < 96 * 1024; i++) a.push(new Uint8Array(16384).fill(1));
  },
  // native calls that allocate 4 MB each in 2 kB pieces, with no JS running in between
  split() {
    const chunk = "s".repeat(2000) + ",";
    const parts = [];
    while (true) parts.push(chunk.repeat(2000).split(","));
  },
};

export default function Bomb({ shape }) {
  SHAPES[shape]();
  return <p>unreachable</p>;
}
