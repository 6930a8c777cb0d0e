;; The wide scanner's two searches, 16 bytes at a time (WebAssembly SIMD). Each byte is classed
;; by two 16-entry tables indexed by its low and its high nibble (Hyperscan's "shufti"): a lane's
;; bucket bits are low[byte & 15] & high[byte >> 4]. The tables are written by wide.ts.
;;
;; Memory: [0, 32) the class table (low, high); [32, 192) the window tables, low and high for each
;; of five offsets; the text from byte 256. Reads go up to 31 bytes past the end of the text:
;; wide.ts keeps 32 zero bytes there.
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
  ;; bucket of the window tables (a place a keyword may start), or `to`. The nibbles of each block
  ;; of 16 bytes are split once: offset j reads them shifted by j from this block and the next
  ;; (a shuffle of the two, one instruction), not from five loads each split again.
  (func (export "find") (param $i i32) (param $to i32) (result i32)
    (local $m v128) (local $p i32) (local $v v128)
    (local $lo v128) (local $hi v128) (local $lo2 v128) (local $hi2 v128)
    (local $l0 v128) (local $h0 v128) (local $l1 v128) (local $h1 v128) (local $l2 v128)
    (local $h2 v128) (local $l3 v128) (local $h3 v128) (local $l4 v128) (local $h4 v128)
    (local.set $l0 (v128.load (i32.const 32))) (local.set $h0 (v128.load (i32.const 48)))
    (local.set $l1 (v128.load (i32.const 64))) (local.set $h1 (v128.load (i32.const 80)))
    (local.set $l2 (v128.load (i32.const 96))) (local.set $h2 (v128.load (i32.const 112)))
    (local.set $l3 (v128.load (i32.const 128))) (local.set $h3 (v128.load (i32.const 144)))
    (local.set $l4 (v128.load (i32.const 160))) (local.set $h4 (v128.load (i32.const 176)))
    ;; the nibbles of the first block
    (local.set $v (v128.load offset=256 (local.get $i)))
    (local.set $lo2 (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
    (local.set $hi2 (i8x16.shr_u (local.get $v) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        ;; this block's nibbles, and the next block's
        (local.set $lo (local.get $lo2))
        (local.set $hi (local.get $hi2))
        (local.set $v (v128.load offset=272 (local.get $i)))
        (local.set $lo2 (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
        (local.set $hi2 (i8x16.shr_u (local.get $v) (i32.const 4)))
        (local.set $m
          (v128.and
            (v128.and
              (v128.and
                (v128.and (i8x16.swizzle (local.get $l0) (local.get $lo)) (i8x16.swizzle (local.get $h0) (local.get $hi)))
                (v128.and
              (i8x16.swizzle (local.get $l1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $lo) (local.get $lo2)))
              (i8x16.swizzle (local.get $h1) (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 (local.get $hi) (local.get $hi2)))))
              (v128.and
                (v128.and
              (i8x16.swizzle (local.get $l2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $lo) (local.get $lo2)))
              (i8x16.swizzle (local.get $h2) (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 (local.get $hi) (local.get $hi2))))
                (v128.and
              (i8x16.swizzle (local.get $l3) (i8x16.shuffle 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 (local.get $lo) (local.get $lo2)))
              (i8x16.swizzle (local.get $h3) (i8x16.shuffle 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 (local.get $hi) (local.get $hi2))))))
            (v128.and
              (i8x16.swizzle (local.get $l4) (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 (local.get $lo) (local.get $lo2)))
              (i8x16.swizzle (local.get $h4) (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 (local.get $hi) (local.get $hi2))))))
        (if (v128.any_true (local.get $m))
          (then
            (local.set $p (i32.add (local.get $i)
              (i32.ctz (i8x16.bitmask (i8x16.ne (local.get $m) (v128.const i64x2 0 0))))))
            (return (select (local.get $p) (local.get $to) (i32.lt_u (local.get $p) (local.get $to))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $to))
)
