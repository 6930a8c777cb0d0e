;; The wide scanner's searches, and a JSON walk (at the end), 16 bytes at a time (WebAssembly
;; SIMD). Each byte is classed
;; by two 16-entry tables indexed by its low and its high nibble (Hyperscan's "shufti"): a lane's
;; bucket bits are low[byte & 15] & high[byte >> 4]. The tables are written by wide.ts.
;;
;; Memory: [0, 32) the class table (low, high); [32, 192) the window tables, low and high for each
;; of five offsets; the text from byte 256. Reads go up to 19 bytes past the end of the text:
;; wide.ts keeps 32 zero bytes there. The JSON walk writes after them (wide.ts wideJson).
(module
  (memory (export "memory") 1)

  ;; The first index in [i, to) whose byte is in no bucket of the class table (a character the
  ;; pass must look at), or `to`.
  (func (export "stop") (param $i i32) (param $to i32) (result i32)
    (local $lo v128) (local $hi v128) (local $v v128) (local $m i32) (local $p i32)
    (local.set $lo (v128.load (i32.const 0)))
    (local.set $hi (v128.load (i32.const 16)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $v (v128.load offset=256 (local.get $i)))
        (local.set $m (i8x16.bitmask (i8x16.eq
          (v128.and
            (i8x16.swizzle (local.get $lo)
              (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (i8x16.swizzle (local.get $hi) (i8x16.shr_u (local.get $v) (i32.const 4))))
          (v128.const i64x2 0 0))))
        (if (local.get $m)
          (then
            (local.set $p (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (return (select (local.get $p) (local.get $to) (i32.lt_u (local.get $p) (local.get $to))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $to))

  ;; The first index in [i, to) where the five bytes from it fall, offset by offset, in one
  ;; bucket of the window tables (a place a keyword may start), or `to`. Each block of 16 bytes is
  ;; classed once per offset where it stands (Teddy): the class of offset j is then shifted up by
  ;; 4 - j lanes, the lanes it pushes out of the block before coming in, so that lane k holds the
  ;; five classes of the window that ends at byte k. Windows that start before i get no class from
  ;; before the first block (zeros); the blocks run to `to` + 4, where the last window that starts
  ;; before `to` ends.
  (func (export "find") (param $i i32) (param $to i32) (result i32)
    (local $m v128) (local $p i32) (local $v v128) (local $lo v128) (local $hi v128) (local $end i32)
    (local $l0 v128) (local $h0 v128) (local $l1 v128) (local $h1 v128) (local $l2 v128)
    (local $h2 v128) (local $l3 v128) (local $h3 v128) (local $l4 v128) (local $h4 v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local.set $l0 (v128.load (i32.const 32))) (local.set $h0 (v128.load (i32.const 48)))
    (local.set $l1 (v128.load (i32.const 64))) (local.set $h1 (v128.load (i32.const 80)))
    (local.set $l2 (v128.load (i32.const 96))) (local.set $h2 (v128.load (i32.const 112)))
    (local.set $l3 (v128.load (i32.const 128))) (local.set $h3 (v128.load (i32.const 144)))
    (local.set $l4 (v128.load (i32.const 160))) (local.set $h4 (v128.load (i32.const 176)))
    (local.set $end (i32.add (local.get $to) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load offset=256 (local.get $i)))
        (local.set $lo (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
        (local.set $hi (i8x16.shr_u (local.get $v) (i32.const 4)))
        ;; the classes of offsets 0 to 3 in this block (the block before's are in q0 to q3)
        (local.set $r0 (v128.and (i8x16.swizzle (local.get $l0) (local.get $lo)) (i8x16.swizzle (local.get $h0) (local.get $hi))))
        (local.set $r1 (v128.and (i8x16.swizzle (local.get $l1) (local.get $lo)) (i8x16.swizzle (local.get $h1) (local.get $hi))))
        (local.set $r2 (v128.and (i8x16.swizzle (local.get $l2) (local.get $lo)) (i8x16.swizzle (local.get $h2) (local.get $hi))))
        (local.set $r3 (v128.and (i8x16.swizzle (local.get $l3) (local.get $lo)) (i8x16.swizzle (local.get $h3) (local.get $hi))))
        (local.set $m
          (v128.and
            (v128.and
              (v128.and (i8x16.swizzle (local.get $l4) (local.get $lo)) (i8x16.swizzle (local.get $h4) (local.get $hi)))
              (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $q3) (local.get $r3)))
            (v128.and
              (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $q2) (local.get $r2))
              (v128.and
                (i8x16.shuffle 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 (local.get $q1) (local.get $r1))
                (i8x16.shuffle 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 (local.get $q0) (local.get $r0))))))
        (if (v128.any_true (local.get $m))
          (then
            ;; the first window that ends here starts 4 bytes before its end
            (local.set $p (i32.sub (i32.add (local.get $i)
              (i32.ctz (i8x16.bitmask (i8x16.ne (local.get $m) (v128.const i64x2 0 0))))) (i32.const 4)))
            (return (select (local.get $p) (local.get $to) (i32.lt_u (local.get $p) (local.get $to))))))
        (local.set $q0 (local.get $r0))
        (local.set $q1 (local.get $r1))
        (local.set $q2 (local.get $r2))
        (local.set $q3 (local.get $r3))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $to))

  ;; The first index in [i, to) where a PowerShell runner may start (plain-triggers.ts
  ;; RUNNERS_I: `iwr`, `irm`, `invoke-`): its first three bytes, either case, `i` then `wr`, `rm`
  ;; or `nv` (the caller confirms each place with the regex), or `to`. Each block is read at
  ;; offsets 0, 1 and 2: its last load ends 2 bytes past it (within the zeros after the text).
  (func (export "runner") (param $i i32) (param $to i32) (result i32)
    (local $a v128) (local $b v128) (local $c v128) (local $m i32) (local $p i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $a (v128.or (v128.load offset=256 (local.get $i)) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))
        (local.set $b (v128.or (v128.load offset=257 (local.get $i)) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))
        (local.set $c (v128.or (v128.load offset=258 (local.get $i)) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))
        (local.set $m (i8x16.bitmask (v128.and
          (i8x16.eq (local.get $a) (v128.const i8x16 105 105 105 105 105 105 105 105 105 105 105 105 105 105 105 105)) ;; i
          (v128.or
            (v128.or
              (v128.and
                (i8x16.eq (local.get $b) (v128.const i8x16 119 119 119 119 119 119 119 119 119 119 119 119 119 119 119 119)) ;; w
                (i8x16.eq (local.get $c) (v128.const i8x16 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114))) ;; r
              (v128.and
                (i8x16.eq (local.get $b) (v128.const i8x16 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114)) ;; r
                (i8x16.eq (local.get $c) (v128.const i8x16 109 109 109 109 109 109 109 109 109 109 109 109 109 109 109 109)))) ;; m
            (v128.and
              (i8x16.eq (local.get $b) (v128.const i8x16 110 110 110 110 110 110 110 110 110 110 110 110 110 110 110 110)) ;; n
              (i8x16.eq (local.get $c) (v128.const i8x16 118 118 118 118 118 118 118 118 118 118 118 118 118 118 118 118))))))) ;; v
        (if (local.get $m)
          (then
            (local.set $p (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (return (select (local.get $p) (local.get $to) (i32.lt_u (local.get $p) (local.get $to))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $to))

  ;; The JSON text check's walk (json-bytes.ts): JSON.parse's grammar over the whole text, one
  ;; container at the top, nested at most $max. Every string is read 16 bytes at a time: a string
  ;; of plain bytes (the class table) ends at its quote; one with another byte is read on to its
  ;; quote, stepping over escapes, and refused at a control character. A string the caller must
  ;; look at — one with a byte outside the class table, or of 5 bytes or more with a space or another
  ;; byte that parts two words (`$seps`: a SQL rule may read its first tokens) — is
  ;; written at $rec as two i32: its start, and its end (the quote) with bit 30 when it holds such a
  ;; byte, bit 29 for a key and bit 28 when it holds an escape. The container stack is at $stk,
  ;; a byte per level.
  ;; $dash is 0 when no `-` is in the text (1: one may be, in a string or a number).
  ;; Returns the number of strings written, or -1 (not JSON, or refused), -2 (a byte over 0x7f in a
  ;; string: not ASCII), -3 (nested deeper than $max).
  (global $rec (mut i32) (i32.const 0))
  (global $count (mut i32) (i32.const 0))
  ;; 1 when the walk read a `-` (in a string or a number), or a block that holds one
  (global $dash (export "dash") (mut i32) (i32.const 0))

  (func $ws (param $i i32) (result i32)
    (local $c i32)
    (block $done
      (loop $next
        (local.set $c (i32.load8_u offset=256 (local.get $i)))
        (br_if $done (i32.eqz (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 10)))
          (i32.or (i32.eq (local.get $c) (i32.const 13)) (i32.eq (local.get $c) (i32.const 9))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  (func $digits (param $i i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.sub (i32.load8_u offset=256 (local.get $i)) (i32.const 48)) (i32.const 9)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  ;; A number at $i: the index after it, or -1.
  (func $number (param $i i32) (result i32)
    (local $c i32) (local $j i32)
    (if (i32.eq (i32.load8_u offset=256 (local.get $i)) (i32.const 45))
      (then
        (global.set $dash (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))))
    (local.set $c (i32.load8_u offset=256 (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 48))
      (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
      (else
        (if (i32.gt_u (i32.sub (local.get $c) (i32.const 49)) (i32.const 8)) (then (return (i32.const -1))))
        (local.set $i (call $digits (i32.add (local.get $i) (i32.const 1))))))
    (if (i32.eq (i32.load8_u offset=256 (local.get $i)) (i32.const 46))
      (then
        (local.set $j (call $digits (i32.add (local.get $i) (i32.const 1))))
        (if (i32.eq (local.get $j) (i32.add (local.get $i) (i32.const 1))) (then (return (i32.const -1))))
        (local.set $i (local.get $j))))
    (if (i32.eq (i32.or (i32.load8_u offset=256 (local.get $i)) (i32.const 32)) (i32.const 101))
      (then
        (local.set $c (i32.load8_u offset=257 (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 45)) (then (global.set $dash (i32.const 1))))
        (local.set $i (i32.add (local.get $i)
          (select (i32.const 2) (i32.const 1) (i32.or (i32.eq (local.get $c) (i32.const 43)) (i32.eq (local.get $c) (i32.const 45))))))
        (local.set $j (call $digits (local.get $i)))
        (if (i32.eq (local.get $j) (local.get $i)) (then (return (i32.const -1))))
        (local.set $i (local.get $j))))
    (local.get $i))

  ;; From $i, a byte of a string that is not plain: its closing quote, or -1 (a control character
  ;; first), -2 (a byte over 0x7f first). A backslash and the byte after it are stepped over and
  ;; $esc is set: the string holds an escape, which the caller decodes (an escape JSON.parse
  ;; refuses is refused there; the padding after the text is zeros, which end a string here).
  (global $esc (mut i32) (i32.const 0))
  (func $close (param $i i32) (result i32)
    (local $v v128) (local $t v128) (local $dashes v128) (local $c i32)
    (loop $again
      (block $found
        (loop $next
          (local.set $v (v128.load offset=256 (local.get $i)))
          (local.set $dashes (v128.or (local.get $dashes) (i8x16.eq (local.get $v) (v128.const i8x16 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45))))
          (local.set $t (v128.or
            (v128.or (i8x16.eq (local.get $v) (v128.const i8x16 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34)) (i8x16.eq (local.get $v) (v128.const i8x16 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92)))
            (v128.or (i8x16.lt_u (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)) (i8x16.lt_s (local.get $v) (v128.const i64x2 0 0)))))
          (br_if $found (v128.any_true (local.get $t)))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $next)))
      (local.set $i (i32.add (local.get $i) (i32.ctz (i8x16.bitmask (local.get $t)))))
      (local.set $c (i32.load8_u offset=256 (local.get $i)))
      (if (i32.eq (local.get $c) (i32.const 92))
        (then
          (global.set $esc (i32.const 1))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br $again))))
    (global.set $dash (i32.or (global.get $dash) (v128.any_true (local.get $dashes))))
    (if (i32.eq (local.get $c) (i32.const 34)) (then (return (local.get $i))))
    (select (i32.const -2) (i32.const -1) (i32.ge_u (local.get $c) (i32.const 128))))

  ;; The bytes of $v that part two words (0xff) among the plain ones: a space and `!,-.?@^~` — below
  ;; `0` (the space, `!`, `,`, `-`, `.`; the quote and the controls, which end a plain run, too), `?`,
  ;; `@`, `^`, `~`. The SQL tokenizer starts a new token at each (`where-1is`, `or~1`).
  (func $seps (param $v v128) (result v128)
    (v128.or
      (v128.or
        (i8x16.lt_u (local.get $v) (v128.const i8x16 48 48 48 48 48 48 48 48 48 48 48 48 48 48 48 48))
        (v128.or
          (i8x16.eq (local.get $v) (v128.const i8x16 63 63 63 63 63 63 63 63 63 63 63 63 63 63 63 63))
          (i8x16.eq (local.get $v) (v128.const i8x16 64 64 64 64 64 64 64 64 64 64 64 64 64 64 64 64))))
      (v128.or
        (i8x16.eq (local.get $v) (v128.const i8x16 94 94 94 94 94 94 94 94 94 94 94 94 94 94 94 94))
        (i8x16.eq (local.get $v) (v128.const i8x16 126 126 126 126 126 126 126 126 126 126 126 126 126 126 126 126)))))

  ;; A string whose bytes start at $from: its closing quote, or what $close refuses with.
  (func $string (param $from i32) (param $key i32) (result i32)
    (local $i i32) (local $v v128) (local $t v128) (local $m i32) (local $p i32) (local $lo v128)
    (local $hi v128) (local $spaces v128) (local $dashes v128) (local $space i32) (local $flags i32)
    (local.set $lo (v128.load (i32.const 0)))
    (local.set $hi (v128.load (i32.const 16)))
    (local.set $i (local.get $from))
    ;; blocks of plain bytes (the class table, without the tab, which JSON refuses in a string);
    ;; the spaces and dashes of each are gathered, the block that ends the run read apart
    (block $found
      (loop $next
        (local.set $v (v128.load offset=256 (local.get $i)))
        (local.set $t (v128.or
          (i8x16.eq
            (v128.and
              (i8x16.swizzle (local.get $lo) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
              (i8x16.swizzle (local.get $hi) (i8x16.shr_u (local.get $v) (i32.const 4))))
            (v128.const i64x2 0 0))
          (i8x16.eq (local.get $v) (v128.const i8x16 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9))))
        (br_if $found (v128.any_true (local.get $t)))
        (local.set $spaces (v128.or (local.get $spaces) (call $seps (local.get $v))))
        (local.set $dashes (v128.or (local.get $dashes) (i8x16.eq (local.get $v) (v128.const i8x16 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.set $m (i8x16.bitmask (local.get $t)))
    ;; (the spaces before the first other byte; the dashes of the whole block)
    (local.set $space (i32.or (v128.any_true (local.get $spaces))
      (i32.ne (i32.and (i8x16.bitmask (call $seps (local.get $v)))
        (i32.sub (i32.shl (i32.const 1) (i32.ctz (local.get $m))) (i32.const 1))) (i32.const 0))))
    (global.set $dash (i32.or (global.get $dash)
      (v128.any_true (v128.or (local.get $dashes) (i8x16.eq (local.get $v) (v128.const i8x16 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45))))))
    (local.set $p (i32.add (local.get $i) (i32.ctz (local.get $m))))
    (if (i32.ne (i32.load8_u offset=256 (local.get $p)) (i32.const 34))
      (then
        (global.set $esc (i32.const 0))
        (local.set $p (call $close (local.get $p)))
        (if (i32.lt_s (local.get $p) (i32.const 0)) (then (return (local.get $p))))
        ;; bit 28: the string holds an escape
        (local.set $flags (i32.or (i32.const 0x40000000) (i32.shl (global.get $esc) (i32.const 28))))))
    (if (i32.or (local.get $flags)
          (i32.and (local.get $space) (i32.ge_u (i32.sub (local.get $p) (local.get $from)) (i32.const 5))))
      (then
        (i32.store (global.get $rec) (local.get $from))
        (i32.store offset=4 (global.get $rec)
          (i32.or (i32.or (local.get $p) (local.get $flags)) (i32.shl (local.get $key) (i32.const 29))))
        (global.set $rec (i32.add (global.get $rec) (i32.const 8)))
        (global.set $count (i32.add (global.get $count) (i32.const 1)))))
    (local.get $p))

  ;; A key at $i, its colon and the whitespace after: the index of the member's value, or < 0.
  (func $member (param $i i32) (result i32)
    (local $e i32)
    (if (i32.ne (i32.load8_u offset=256 (local.get $i)) (i32.const 34)) (then (return (i32.const -1))))
    (local.set $e (call $string (i32.add (local.get $i) (i32.const 1)) (i32.const 1)))
    (if (i32.lt_s (local.get $e) (i32.const 0)) (then (return (local.get $e))))
    (local.set $i (call $ws (i32.add (local.get $e) (i32.const 1))))
    (if (i32.ne (i32.load8_u offset=256 (local.get $i)) (i32.const 58)) (then (return (i32.const -1))))
    (call $ws (i32.add (local.get $i) (i32.const 1))))

  (func (export "json") (param $n i32) (param $max i32) (param $rec i32) (param $stk i32) (result i32)
    (local $i i32) (local $c i32) (local $depth i32) (local $top i32)
    (global.set $rec (local.get $rec))
    (global.set $count (i32.const 0))
    (global.set $dash (i32.const 0))
    (local.set $i (call $ws (i32.const 0)))
    (local.set $c (i32.load8_u offset=256 (local.get $i)))
    (if (i32.and (i32.ne (local.get $c) (i32.const 123)) (i32.ne (local.get $c) (i32.const 91)))
      (then (return (i32.const -1))))
    (loop $value
      ;; a value starts at $i
      (local.set $c (i32.load8_u offset=256 (local.get $i)))
      (block $after
        (if (i32.or (i32.eq (local.get $c) (i32.const 123)) (i32.eq (local.get $c) (i32.const 91)))
          (then
            (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
            (if (i32.gt_u (local.get $depth) (local.get $max)) (then (return (i32.const -3))))
            (i32.store8 (i32.add (local.get $stk) (local.get $depth)) (local.get $c))
            (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1))))
            (if (i32.eq (i32.load8_u offset=256 (local.get $i)) (i32.add (local.get $c) (i32.const 2)))
              (then
                (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $after)))
            (if (i32.eq (local.get $c) (i32.const 123))
              (then
                (local.set $i (call $member (local.get $i)))
                (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (local.get $i))))))
            (br $value)))
        (if (i32.eq (local.get $c) (i32.const 34))
          (then
            (local.set $i (call $string (i32.add (local.get $i) (i32.const 1)) (i32.const 0)))
            (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $after)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
          (then
            (local.set $i (call $number (local.get $i)))
            (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
            (br $after)))
        (if (i32.eq (i32.load offset=256 (local.get $i)) (i32.const 0x65757274)) ;; true
          (then (local.set $i (i32.add (local.get $i) (i32.const 4))) (br $after)))
        (if (i32.eq (i32.load offset=256 (local.get $i)) (i32.const 0x6c6c756e)) ;; null
          (then (local.set $i (i32.add (local.get $i) (i32.const 4))) (br $after)))
        (if (i32.and (i32.eq (i32.load offset=256 (local.get $i)) (i32.const 0x736c6166)) ;; fals
              (i32.eq (i32.load8_u offset=260 (local.get $i)) (i32.const 101)))
          (then (local.set $i (i32.add (local.get $i) (i32.const 5))) (br $after)))
        (return (i32.const -1)))
      ;; after a value: close containers, or a comma and the next member or item
      (loop $close
        (if (i32.eqz (local.get $depth))
          (then (return (select (global.get $count) (i32.const -1) (i32.eq (call $ws (local.get $i)) (local.get $n))))))
        (local.set $i (call $ws (local.get $i)))
        (local.set $c (i32.load8_u offset=256 (local.get $i)))
        (local.set $top (i32.load8_u (i32.add (local.get $stk) (local.get $depth))))
        (if (i32.eq (local.get $c) (i32.const 44))
          (then
            (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1))))
            (if (i32.eq (local.get $top) (i32.const 123))
              (then
                (local.set $i (call $member (local.get $i)))
                (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (local.get $i))))))
            (br $value)))
        (if (i32.ne (local.get $c) (i32.add (local.get $top) (i32.const 2))) (then (return (i32.const -1))))
        (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $close)))
    (unreachable))
)
