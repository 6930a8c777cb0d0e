;; The wide scanner's searches, 16 bytes at a time (WebAssembly SIMD; its JSON walk, in the same
;; module, is wide-json.wat). Each byte is classed
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

)
