;; Loops over the wasm backend's memory that tfjs-backend-wasm has no fast kernel for. The module imports the
;; backend's own memory, so its tensors are read and written in place; every pointer is a byte offset in it.
;; build.mjs assembles this file (wabt) into trainer-loops.wasm, beside the trainer; loops.ts instantiates it.
(module
  (import "env" "memory" (memory 1))

  ;; MaxPoolGrad: out (n·h·w·c, zeroed here) receives each window's dy at the window's first maximum in scan
  ;; order, as TensorFlow and the cpu backend route it. dy is read in order: (batch, i, j, channel).
  (func (export "maxPoolGrad")
    (param $x i32) (param $dy i32) (param $out i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $ho i32) (param $wo i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $top i32) (param $left i32)
    (local $batch i32) (local $i i32) (local $j i32) (local $ch i32) (local $a i32) (local $q i32)
    (local $y0 i32) (local $x0 i32) (local $a0 i32) (local $a1 i32) (local $q0 i32) (local $q1 i32)
    (local $corner i32) (local $row i32) (local $p i32) (local $at i32) (local $best f32) (local $v f32)
    (local $cs i32) (local $rowStride i32) (local $o i32)
    (local $bestV v128) (local $atV v128) (local $vV v128) (local $mask v128) (local $gV v128)
    (memory.fill (local.get $out) (i32.const 0)
      (i32.shl (i32.mul (i32.mul (local.get $n) (local.get $h)) (i32.mul (local.get $w) (local.get $c))) (i32.const 2)))
    (local.set $cs (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowStride (i32.mul (local.get $w) (local.get $cs)))
    (local.set $batch (i32.const 0))
    (block $batchDone (loop $batchLoop
      (br_if $batchDone (i32.ge_s (local.get $batch) (local.get $n)))
      (local.set $i (i32.const 0))
      (block $iDone (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i) (local.get $ho)))
        ;; The window's rows inside the input: a0 ≤ a < a1.
        (local.set $y0 (i32.sub (i32.mul (local.get $i) (local.get $sh)) (local.get $top)))
        (local.set $a0 (select (i32.sub (i32.const 0) (local.get $y0)) (i32.const 0) (i32.lt_s (local.get $y0) (i32.const 0))))
        (local.set $a1 (i32.sub (local.get $h) (local.get $y0)))
        (if (i32.gt_s (local.get $a1) (local.get $kh)) (then (local.set $a1 (local.get $kh))))
        (local.set $j (i32.const 0))
        (block $jDone (loop $jLoop
          (br_if $jDone (i32.ge_s (local.get $j) (local.get $wo)))
          (local.set $x0 (i32.sub (i32.mul (local.get $j) (local.get $sw)) (local.get $left)))
          (local.set $q0 (select (i32.sub (i32.const 0) (local.get $x0)) (i32.const 0) (i32.lt_s (local.get $x0) (i32.const 0))))
          (local.set $q1 (i32.sub (local.get $w) (local.get $x0)))
          (if (i32.gt_s (local.get $q1) (local.get $kw)) (then (local.set $q1 (local.get $kw))))
          ;; The address of x[batch, y0, x0, 0] (outside the input when the window starts in the padding; only
          ;; taps inside are read).
          (local.set $corner (i32.add (local.get $x)
            (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $batch) (local.get $h)) (local.get $y0)) (local.get $w)) (local.get $x0))
              (local.get $cs))))
          (local.set $ch (i32.const 0))
          ;; Four channels at a time: the maximum and the tap it is at, per lane; then each tap's lanes that won
          ;; get dy.
          (block $vecDone (loop $vecLoop
            (br_if $vecDone (i32.gt_s (i32.add (local.get $ch) (i32.const 4)) (local.get $c)))
            (local.set $bestV (f32x4.splat (f32.const -inf)))
            (local.set $atV (i32x4.splat (i32.const -1)))
            (local.set $a (local.get $a0))
            (block $vaDone (loop $vaLoop
              (br_if $vaDone (i32.ge_s (local.get $a) (local.get $a1)))
              (local.set $q (local.get $q0))
              (block $vqDone (loop $vqLoop
                (br_if $vqDone (i32.ge_s (local.get $q) (local.get $q1)))
                (local.set $p (i32.add (i32.add (local.get $corner) (i32.shl (local.get $ch) (i32.const 2)))
                  (i32.add (i32.mul (local.get $a) (local.get $rowStride)) (i32.mul (local.get $q) (local.get $cs)))))
                (local.set $vV (v128.load align=4 (local.get $p)))
                (local.set $mask (f32x4.gt (local.get $vV) (local.get $bestV)))
                (local.set $bestV (v128.bitselect (local.get $vV) (local.get $bestV) (local.get $mask)))
                (local.set $atV (v128.bitselect
                  (i32x4.splat (i32.add (i32.mul (local.get $a) (local.get $kw)) (local.get $q))) (local.get $atV) (local.get $mask)))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $vqLoop)))
              (local.set $a (i32.add (local.get $a) (i32.const 1)))
              (br $vaLoop)))
            (local.set $gV (v128.load align=4 (local.get $dy)))
            (local.set $a (local.get $a0))
            (block $waDone (loop $waLoop
              (br_if $waDone (i32.ge_s (local.get $a) (local.get $a1)))
              (local.set $q (local.get $q0))
              (block $wqDone (loop $wqLoop
                (br_if $wqDone (i32.ge_s (local.get $q) (local.get $q1)))
                (local.set $o (i32.add (i32.add (local.get $out) (i32.sub (local.get $corner) (local.get $x)))
                  (i32.add (i32.shl (local.get $ch) (i32.const 2))
                    (i32.add (i32.mul (local.get $a) (local.get $rowStride)) (i32.mul (local.get $q) (local.get $cs))))))
                (local.set $mask (i32x4.eq (local.get $atV)
                  (i32x4.splat (i32.add (i32.mul (local.get $a) (local.get $kw)) (local.get $q)))))
                (v128.store align=4 (local.get $o)
                  (f32x4.add (v128.load align=4 (local.get $o)) (v128.and (local.get $gV) (local.get $mask))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $wqLoop)))
              (local.set $a (i32.add (local.get $a) (i32.const 1)))
              (br $waLoop)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
            (br $vecLoop)))
          ;; The channels left over, one at a time.
          (block $chDone (loop $chLoop
            (br_if $chDone (i32.ge_s (local.get $ch) (local.get $c)))
            (local.set $best (f32.const -inf))
            (local.set $at (i32.const -1))
            (local.set $a (local.get $a0))
            (block $aDone (loop $aLoop
              (br_if $aDone (i32.ge_s (local.get $a) (local.get $a1)))
              (local.set $row (i32.add (i32.add (local.get $corner) (i32.mul (local.get $a) (local.get $rowStride)))
                (i32.shl (local.get $ch) (i32.const 2))))
              (local.set $q (local.get $q0))
              (block $qDone (loop $qLoop
                (br_if $qDone (i32.ge_s (local.get $q) (local.get $q1)))
                (local.set $p (i32.add (local.get $row) (i32.mul (local.get $q) (local.get $cs))))
                (local.set $v (f32.load (local.get $p)))
                ;; Strictly greater: ties keep the first maximum.
                (if (f32.gt (local.get $v) (local.get $best)) (then
                  (local.set $best (local.get $v))
                  (local.set $at (local.get $p))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $qLoop)))
              (local.set $a (i32.add (local.get $a) (i32.const 1)))
              (br $aLoop)))
            (if (i32.ne (local.get $at) (i32.const -1)) (then
              (local.set $o (i32.add (local.get $out) (i32.sub (local.get $at) (local.get $x))))
              (f32.store (local.get $o) (f32.add (f32.load (local.get $o)) (f32.load (local.get $dy))))))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
            (br $chLoop)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop)))
      (local.set $batch (i32.add (local.get $batch) (i32.const 1)))
      (br $batchLoop))))

  ;; A convolution's input patches, transposed: out is [kh·kw·c, n·oh·ow]; row (a, b, ch) holds, for each output
  ;; position (batch, i, j), x[batch, i·sh − top + a, j·sw − left + b, ch], or 0 where that is padding. x is
  ;; given channels first, [c, n, h, w], so that each row's run of columns is contiguous for stride 1. The
  ;; columns j0 ≤ j < j1 of tap b are inside the input (a table of (j0, j1) pairs from the caller).
  (func (export "transposedPatches")
    (param $x i32) (param $out i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $top i32) (param $left i32)
    (param $columns i32)
    (local $a i32) (local $b i32) (local $ch i32) (local $batch i32) (local $i i32)
    (local $j0 i32) (local $j1 i32) (local $yy i32) (local $s i32) (local $step i32) (local $end i32)
    (local.set $step (i32.shl (local.get $sw) (i32.const 2)))
    (local.set $a (i32.const 0))
    (block $aDone (loop $aLoop
      (br_if $aDone (i32.ge_s (local.get $a) (local.get $kh)))
      (local.set $b (i32.const 0))
      (block $bDone (loop $bLoop
        (br_if $bDone (i32.ge_s (local.get $b) (local.get $kw)))
        (local.set $j0 (i32.load (i32.add (local.get $columns) (i32.shl (local.get $b) (i32.const 3)))))
        (local.set $j1 (i32.load offset=4 (i32.add (local.get $columns) (i32.shl (local.get $b) (i32.const 3)))))
        (local.set $ch (i32.const 0))
        (block $chDone (loop $chLoop
          (br_if $chDone (i32.ge_s (local.get $ch) (local.get $c)))
          (local.set $batch (i32.const 0))
          (block $batchDone (loop $batchLoop
            (br_if $batchDone (i32.ge_s (local.get $batch) (local.get $n)))
            (local.set $i (i32.const 0))
            (block $iDone (loop $iLoop
              (br_if $iDone (i32.ge_s (local.get $i) (local.get $oh)))
              (local.set $yy (i32.add (i32.sub (i32.mul (local.get $i) (local.get $sh)) (local.get $top)) (local.get $a)))
              (if (i32.or (i32.lt_s (local.get $yy) (i32.const 0)) (i32.ge_s (local.get $yy) (local.get $h)))
                (then
                  (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $ow) (i32.const 2)))
                  (local.set $out (i32.add (local.get $out) (i32.shl (local.get $ow) (i32.const 2)))))
                (else
                  ;; (Fills only when there is padding: a fill is a call, and most runs have none.)
                  (if (local.get $j0) (then
                    (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $j0) (i32.const 2)))
                    (local.set $out (i32.add (local.get $out) (i32.shl (local.get $j0) (i32.const 2))))))
                  (local.set $s (i32.add (local.get $x) (i32.shl
                    (i32.add (i32.mul (i32.add (i32.mul (local.get $ch) (local.get $n)) (local.get $batch)) (i32.mul (local.get $h) (local.get $w)))
                      (i32.add (i32.mul (local.get $yy) (local.get $w))
                        (i32.add (i32.sub (i32.mul (local.get $j0) (local.get $sw)) (local.get $left)) (local.get $b))))
                    (i32.const 2))))
                  (local.set $end (i32.add (local.get $out) (i32.shl (i32.sub (local.get $j1) (local.get $j0)) (i32.const 2))))
                  ;; Stride 1: the run is contiguous, copied four floats at a time.
                  (if (i32.eq (local.get $sw) (i32.const 1)) (then
                    (block $vDone (loop $vLoop
                      (br_if $vDone (i32.gt_u (i32.add (local.get $out) (i32.const 16)) (local.get $end)))
                      (v128.store align=4 (local.get $out) (v128.load align=4 (local.get $s)))
                      (local.set $out (i32.add (local.get $out) (i32.const 16)))
                      (local.set $s (i32.add (local.get $s) (i32.const 16)))
                      (br $vLoop)))))
                  (block $jDone (loop $jLoop
                    (br_if $jDone (i32.ge_u (local.get $out) (local.get $end)))
                    (f32.store (local.get $out) (f32.load (local.get $s)))
                    (local.set $out (i32.add (local.get $out) (i32.const 4)))
                    (local.set $s (i32.add (local.get $s) (local.get $step)))
                    (br $jLoop)))
                  (if (i32.ne (local.get $ow) (local.get $j1)) (then
                    (memory.fill (local.get $out) (i32.const 0) (i32.shl (i32.sub (local.get $ow) (local.get $j1)) (i32.const 2)))
                    (local.set $out (i32.add (local.get $out) (i32.shl (i32.sub (local.get $ow) (local.get $j1)) (i32.const 2))))))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $iLoop)))
            (local.set $batch (i32.add (local.get $batch) (i32.const 1)))
            (br $batchLoop)))
          (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
          (br $chLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $aLoop))))

  ;; The sum of `rows` rows of c floats into out (c floats), accumulated in double precision in scratch (c
  ;; doubles, zeroed here) and rounded once: four columns at a time (two f64x2 accumulators), then one at a time.
  (func (export "rowSum")
    (param $x i32) (param $out i32) (param $rows i32) (param $c i32) (param $scratch i32)
    (local $r i32) (local $acc i32) (local $accEnd i32) (local $vecEnd i32) (local $v v128)
    (local.set $accEnd (i32.add (local.get $scratch) (i32.shl (local.get $c) (i32.const 3))))
    (local.set $vecEnd (i32.add (local.get $scratch) (i32.shl (i32.and (local.get $c) (i32.const -4)) (i32.const 3))))
    (memory.fill (local.get $scratch) (i32.const 0) (i32.shl (local.get $c) (i32.const 3)))
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $acc (local.get $scratch))
      (block $vDone (loop $vLoop
        (br_if $vDone (i32.ge_u (local.get $acc) (local.get $vecEnd)))
        (local.set $v (v128.load align=4 (local.get $x)))
        (v128.store align=8 (local.get $acc)
          (f64x2.add (v128.load align=8 (local.get $acc)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 align=8 (local.get $acc)
          (f64x2.add (v128.load offset=16 align=8 (local.get $acc))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
        (br $vLoop)))
      (block $cDone (loop $cLoop
        (br_if $cDone (i32.ge_u (local.get $acc) (local.get $accEnd)))
        (f64.store (local.get $acc) (f64.add (f64.load (local.get $acc)) (f64.promote_f32 (f32.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
        (br $cLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rLoop)))
    (local.set $acc (local.get $scratch))
    (block $oDone (loop $oLoop
      (br_if $oDone (i32.ge_u (local.get $acc) (local.get $accEnd)))
      (f32.store (local.get $out) (f32.demote_f64 (f64.load (local.get $acc))))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
      (br $oLoop))))

  ;; col2im, for a convolution's input gradient: out (n·h·w·c, zeroed here) gets, for each output position
  ;; (batch, i, j) and tap (a, b), the c floats of row (batch, i, j), column (a, b, ·) of cols
  ;; ([n·oh·ow, kh·kw·c]) added at input pixel (i·sh − top + a, j·sw − left + b), unless that is padding.
  (func (export "col2im")
    (param $cols i32) (param $out i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $top i32) (param $left i32)
    (local $batch i32) (local $i i32) (local $j i32) (local $a i32) (local $b i32) (local $yy i32) (local $xx i32)
    (local $dst i32) (local $end i32) (local $cs i32)
    (local.set $cs (i32.shl (local.get $c) (i32.const 2)))
    (memory.fill (local.get $out) (i32.const 0)
      (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $h)) (local.get $w)) (local.get $cs)))
    (local.set $batch (i32.const 0))
    (block $batchDone (loop $batchLoop
      (br_if $batchDone (i32.ge_s (local.get $batch) (local.get $n)))
      (local.set $i (i32.const 0))
      (block $iDone (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i) (local.get $oh)))
        (local.set $j (i32.const 0))
        (block $jDone (loop $jLoop
          (br_if $jDone (i32.ge_s (local.get $j) (local.get $ow)))
          (local.set $a (i32.const 0))
          (block $aDone (loop $aLoop
            (br_if $aDone (i32.ge_s (local.get $a) (local.get $kh)))
            (local.set $yy (i32.add (i32.sub (i32.mul (local.get $i) (local.get $sh)) (local.get $top)) (local.get $a)))
            (local.set $b (i32.const 0))
            (block $bDone (loop $bLoop
              (br_if $bDone (i32.ge_s (local.get $b) (local.get $kw)))
              (local.set $xx (i32.add (i32.sub (i32.mul (local.get $j) (local.get $sw)) (local.get $left)) (local.get $b)))
              (local.set $end (i32.add (local.get $cols) (local.get $cs)))
              (if (i32.and
                    (i32.and (i32.ge_s (local.get $yy) (i32.const 0)) (i32.lt_s (local.get $yy) (local.get $h)))
                    (i32.and (i32.ge_s (local.get $xx) (i32.const 0)) (i32.lt_s (local.get $xx) (local.get $w))))
                (then
                  (local.set $dst (i32.add (local.get $out) (i32.mul
                    (i32.add (i32.mul (i32.add (i32.mul (local.get $batch) (local.get $h)) (local.get $yy)) (local.get $w)) (local.get $xx))
                    (local.get $cs))))
                  ;; Four floats at a time, then one at a time.
                  (block $vDone (loop $vLoop
                    (br_if $vDone (i32.gt_u (i32.add (local.get $cols) (i32.const 16)) (local.get $end)))
                    (v128.store align=4 (local.get $dst)
                      (f32x4.add (v128.load align=4 (local.get $dst)) (v128.load align=4 (local.get $cols))))
                    (local.set $cols (i32.add (local.get $cols) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                    (br $vLoop)))
                  (block $sDone (loop $sLoop
                    (br_if $sDone (i32.ge_u (local.get $cols) (local.get $end)))
                    (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $cols))))
                    (local.set $cols (i32.add (local.get $cols) (i32.const 4)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (br $sLoop))))
                (else (local.set $cols (local.get $end))))
              (local.set $b (i32.add (local.get $b) (i32.const 1)))
              (br $bLoop)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $aLoop)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop)))
      (local.set $batch (i32.add (local.get $batch) (i32.const 1)))
      (br $batchLoop))))

  ;; ReLU's gradient: out = dy where x > 0, 0 where x ≤ 0, NaN where x is NaN (as dy · step(x) gives); count
  ;; floats, four at a time, then one at a time.
  (func (export "reluGrad") (param $dy i32) (param $x i32) (param $out i32) (param $count i32)
    (local $end i32) (local $v v128) (local $f f32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $vDone (loop $vLoop
      (br_if $vDone (i32.gt_u (i32.add (local.get $out) (i32.const 16)) (local.get $end)))
      (local.set $v (v128.load align=4 (local.get $x)))
      (v128.store align=4 (local.get $out)
        (v128.or
          (v128.and (v128.load align=4 (local.get $dy)) (f32x4.gt (local.get $v) (f32x4.splat (f32.const 0))))
          (v128.and (f32x4.splat (f32.const nan)) (f32x4.ne (local.get $v) (local.get $v)))))
      (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $vLoop)))
    (block $sDone (loop $sLoop
      (br_if $sDone (i32.ge_u (local.get $out) (local.get $end)))
      (local.set $f (f32.load (local.get $x)))
      (f32.store (local.get $out)
        (select (f32.load (local.get $dy))
          (select (f32.const nan) (f32.const 0) (f32.ne (local.get $f) (local.get $f)))
          (f32.gt (local.get $f) (f32.const 0))))
      (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $sLoop))))

  ;; A bias added along the last axis: out[r, ch] = x[r, ch] + bias[ch], for `rows` rows of c floats; four
  ;; channels at a time, then one at a time.
  (func (export "addBias") (param $x i32) (param $bias i32) (param $out i32) (param $rows i32) (param $c i32)
    (local $r i32) (local $b i32) (local $bEnd i32) (local $vEnd i32)
    (local.set $bEnd (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2))))
    (local.set $vEnd (i32.add (local.get $bias) (i32.shl (i32.and (local.get $c) (i32.const -4)) (i32.const 2))))
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $b (local.get $bias))
      (block $vDone (loop $vLoop
        (br_if $vDone (i32.ge_u (local.get $b) (local.get $vEnd)))
        (v128.store align=4 (local.get $out) (f32x4.add (v128.load align=4 (local.get $x)) (v128.load align=4 (local.get $b))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $vLoop)))
      (block $sDone (loop $sLoop
        (br_if $sDone (i32.ge_u (local.get $b) (local.get $bEnd)))
        (f32.store (local.get $out) (f32.add (f32.load (local.get $x)) (f32.load (local.get $b))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $sLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rLoop))))

  ;; A convolution's filter gradient from its transposed patches ([taps, P], as transposedPatches writes them)
  ;; and dy ([P, co], co a multiple of 4): out[t, o] (taps·co, zeroed here) = Σ_p patches[t, p] · dy[p, o]. For
  ;; layers with few taps (a first layer's 9), where a GEMM's packing of dy and its transposes cost more than the
  ;; product. Positions go in chunks of 256, whose dy stays in cache while eight taps and four channels at a time
  ;; (eight f32x4 accumulators), then the taps left over one at a time, are summed over them; each chunk's sums
  ;; are added to out.
  (func (export "filterGradient")
    (param $patches i32) (param $dy i32) (param $out i32) (param $taps i32) (param $positions i32) (param $co i32)
    (local $p0 i32) (local $p1 i32) (local $t i32) (local $o i32) (local $row i32) (local $end i32) (local $d i32)
    (local $dStep i32) (local $rowBytes i32) (local $outRow i32) (local $cell i32) (local $at i32) (local $v v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $q4 i32) (local $q5 i32) (local $q6 i32) (local $q7 i32)
    (local.set $dStep (i32.shl (local.get $co) (i32.const 2)))
    (local.set $outRow (local.get $dStep))
    (local.set $rowBytes (i32.shl (local.get $positions) (i32.const 2)))
    (local.set $q1 (i32.mul (i32.const 1) (local.get $rowBytes)))
    (local.set $q2 (i32.mul (i32.const 2) (local.get $rowBytes)))
    (local.set $q3 (i32.mul (i32.const 3) (local.get $rowBytes)))
    (local.set $q4 (i32.mul (i32.const 4) (local.get $rowBytes)))
    (local.set $q5 (i32.mul (i32.const 5) (local.get $rowBytes)))
    (local.set $q6 (i32.mul (i32.const 6) (local.get $rowBytes)))
    (local.set $q7 (i32.mul (i32.const 7) (local.get $rowBytes)))
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $taps) (local.get $outRow)))
    (local.set $p0 (i32.const 0))
    (block $chunkDone (loop $chunkLoop
      (br_if $chunkDone (i32.ge_s (local.get $p0) (local.get $positions)))
      (local.set $p1 (i32.add (local.get $p0) (i32.const 256)))
      (if (i32.gt_s (local.get $p1) (local.get $positions)) (then (local.set $p1 (local.get $positions))))
      ;; Eight taps at a time.
      (local.set $t (i32.const 0))
      (block $gDone (loop $gLoop
        (br_if $gDone (i32.gt_s (i32.add (local.get $t) (i32.const 8)) (local.get $taps)))
        (local.set $o (i32.const 0))
        (block $oDone (loop $oLoop
          (br_if $oDone (i32.ge_s (local.get $o) (local.get $co)))
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0))
          (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $a4 (v128.const i32x4 0 0 0 0))
          (local.set $a5 (v128.const i32x4 0 0 0 0))
          (local.set $a6 (v128.const i32x4 0 0 0 0))
          (local.set $a7 (v128.const i32x4 0 0 0 0))
          (local.set $row (i32.add (local.get $patches)
            (i32.add (i32.mul (local.get $t) (local.get $rowBytes)) (i32.shl (local.get $p0) (i32.const 2)))))
          (local.set $end (i32.add (local.get $row) (i32.shl (i32.sub (local.get $p1) (local.get $p0)) (i32.const 2))))
          (local.set $d (i32.add (local.get $dy)
            (i32.add (i32.mul (local.get $p0) (local.get $dStep)) (i32.shl (local.get $o) (i32.const 2)))))
          (block $pDone (loop $pLoop
            (br_if $pDone (i32.ge_u (local.get $row) (local.get $end)))
            (local.set $v (v128.load align=4 (local.get $d)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $v) (f32x4.splat (f32.load (local.get $row))))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $v) (f32x4.splat (f32.load (i32.add (local.get $row) (local.get $q1)))))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $v) (f32x4.splat (f32.load (i32.add (local.get $row) (local.get $q2)))))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $v) (f32x4.splat (f32.load (i32.add (local.get $row) (local.get $q3)))))))
            (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $v) (f32x4.splat (f32.load (i32.add (local.get $row) (local.get $q4)))))))
            (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $v) (f32x4.splat (f32.load (i32.add (local.get $row) (local.get $q5)))))))
            (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $v) (f32x4.splat (f32.load (i32.add (local.get $row) (local.get $q6)))))))
            (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $v) (f32x4.splat (f32.load (i32.add (local.get $row) (local.get $q7)))))))
            (local.set $row (i32.add (local.get $row) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (local.get $dStep)))
            (br $pLoop)))
          (local.set $cell (i32.add (local.get $out)
            (i32.add (i32.mul (local.get $t) (local.get $outRow)) (i32.shl (local.get $o) (i32.const 2)))))
          (local.set $at (i32.add (local.get $cell) (i32.mul (i32.const 0) (local.get $outRow))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a0)))
          (local.set $at (i32.add (local.get $cell) (i32.mul (i32.const 1) (local.get $outRow))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a1)))
          (local.set $at (i32.add (local.get $cell) (i32.mul (i32.const 2) (local.get $outRow))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a2)))
          (local.set $at (i32.add (local.get $cell) (i32.mul (i32.const 3) (local.get $outRow))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a3)))
          (local.set $at (i32.add (local.get $cell) (i32.mul (i32.const 4) (local.get $outRow))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a4)))
          (local.set $at (i32.add (local.get $cell) (i32.mul (i32.const 5) (local.get $outRow))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a5)))
          (local.set $at (i32.add (local.get $cell) (i32.mul (i32.const 6) (local.get $outRow))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a6)))
          (local.set $at (i32.add (local.get $cell) (i32.mul (i32.const 7) (local.get $outRow))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a7)))
          (local.set $o (i32.add (local.get $o) (i32.const 4)))
          (br $oLoop)))
        (local.set $t (i32.add (local.get $t) (i32.const 8)))
        (br $gLoop)))
      ;; The taps left over, one at a time.
      (block $tDone (loop $tLoop
        (br_if $tDone (i32.ge_s (local.get $t) (local.get $taps)))
        (local.set $o (i32.const 0))
        (block $o1Done (loop $o1Loop
          (br_if $o1Done (i32.ge_s (local.get $o) (local.get $co)))
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $row (i32.add (local.get $patches)
            (i32.add (i32.mul (local.get $t) (local.get $rowBytes)) (i32.shl (local.get $p0) (i32.const 2)))))
          (local.set $end (i32.add (local.get $row) (i32.shl (i32.sub (local.get $p1) (local.get $p0)) (i32.const 2))))
          (local.set $d (i32.add (local.get $dy)
            (i32.add (i32.mul (local.get $p0) (local.get $dStep)) (i32.shl (local.get $o) (i32.const 2)))))
          (block $p1Done (loop $p1Loop
            (br_if $p1Done (i32.ge_u (local.get $row) (local.get $end)))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (v128.load align=4 (local.get $d)) (f32x4.splat (f32.load (local.get $row))))))
            (local.set $row (i32.add (local.get $row) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (local.get $dStep)))
            (br $p1Loop)))
          (local.set $at (i32.add (local.get $out)
            (i32.add (i32.mul (local.get $t) (local.get $outRow)) (i32.shl (local.get $o) (i32.const 2)))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $a0)))
          (local.set $o (i32.add (local.get $o) (i32.const 4)))
          (br $o1Loop)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tLoop)))
      (local.set $p0 (local.get $p1))
      (br $chunkLoop))))
)
