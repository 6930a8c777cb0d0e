;; The wide scanner's JSON walk (json-bytes.ts), 16 bytes at a time: the functions that
;; scripts/wasm.mjs appends to the module of wide.wat, before its closing parenthesis (one
;; module: they share its memory, its class table at [0, 32) and the text from byte 256).

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
