package main

import "fmt"

var v0, v1, v2, v3, v4 int8 = 1, 2, 3, 4, 5

var checked []int

func check(i int, ok bool) bool {
	checked = append(checked, i)
	return ok
}

// sum: a long chain of int8 additions, wrapped once per addition as Go's arithmetic is
func sum() int8 {
	return v0 + 0 + v1 + 1 + v2 + 2 + v3 + 3 + v4 + 4 + v0 + 5 + v1 + 6 + v2 + 7 + v3 + 8 + v4 + 9 + v0 + 10 + v1 + 11 + v2 + 12 + v3 + 13 + v4 + 14 + v0 + 15 + v1 + 16 + v2 + 17 + v3 + 18 + v4 + 19 + v0 + 20 + v1 + 21 + v2 + 22 + v3 + 23 + v4 + 24 + v0 + 25 + v1 + 26 + v2 + 27 + v3 + 28 + v4 + 29 + v0 + 30 + v1 + 31 + v2 + 32 + v3 + 33 + v4 + 34 + v0 + 35 + v1 + 36 + v2 + 37 + v3 + 38 + v4 + 39 + v0 + 40 + v1 + 41 + v2 + 42 + v3 + 43 + v4 + 44 + v0 + 45 + v1 + 46 + v2 + 47 + v3 + 48 + v4 + 49 + v0 + 50 + v1 + 51 + v2 + 52 + v3 + 53 + v4 + 54 + v0 + 55 + v1 + 56 + v2 + 57 + v3 + 58 + v4 + 59 + v0 + 60 + v1 + 61 + v2 + 62 + v3 + 63 + v4 + 64 + v0 + 65 + v1 + 66 + v2 + 67 + v3 + 68 + v4 + 69
}

func pick(x int) int {
	if x == 0 {
		return -1
	} else if x == 1 {
		return 3
	} else if x == 2 {
		return 6
	} else if x == 3 {
		return 9
	} else if x == 4 {
		return 12
	} else if x == 5 {
		return 15
	} else if x == 6 {
		return 18
	} else if x == 7 {
		return 21
	} else if x == 8 {
		return 24
	} else if x == 9 {
		return 27
	} else if x == 10 {
		return 30
	} else if x == 11 {
		return 33
	} else if x == 12 {
		return 36
	} else if x == 13 {
		return 39
	} else if x == 14 {
		return 42
	} else if x == 15 {
		return 45
	} else if x == 16 {
		return 48
	} else if x == 17 {
		return 51
	} else if x == 18 {
		return 54
	} else if x == 19 {
		return 57
	} else if x == 20 {
		return 60
	} else if x == 21 {
		return 63
	} else if x == 22 {
		return 66
	} else if x == 23 {
		return 69
	} else if x == 24 {
		return 72
	} else if x == 25 {
		return 75
	} else if x == 26 {
		return 78
	} else if x == 27 {
		return 81
	} else if x == 28 {
		return 84
	} else if x == 29 {
		return 87
	} else if x == 30 {
		return 90
	} else if x == 31 {
		return 93
	} else if x == 32 {
		return 96
	} else if x == 33 {
		return 99
	} else if x == 34 {
		return 102
	} else if x == 35 {
		return 105
	} else if x == 36 {
		return 108
	} else if x == 37 {
		return 111
	} else if x == 38 {
		return 114
	} else if x == 39 {
		return 117
	} else if x == 40 {
		return 120
	} else if x == 41 {
		return 123
	} else if x == 42 {
		return 126
	} else if x == 43 {
		return 129
	} else if x == 44 {
		return 132
	} else if x == 45 {
		return 135
	} else if x == 46 {
		return 138
	} else if x == 47 {
		return 141
	} else if x == 48 {
		return 144
	} else if x == 49 {
		return 147
	} else if x == 50 {
		return 150
	} else if x == 51 {
		return 153
	} else if x == 52 {
		return 156
	} else if x == 53 {
		return 159
	} else if x == 54 {
		return 162
	} else if x == 55 {
		return 165
	} else if x == 56 {
		return 168
	} else if x == 57 {
		return 171
	} else if x == 58 {
		return 174
	} else if x == 59 {
		return 177
	} else if x == 60 {
		return 180
	} else if x == 61 {
		return 183
	} else if x == 62 {
		return 186
	} else if x == 63 {
		return 189
	} else if x == 64 {
		return 192
	} else if x == 65 {
		return 195
	} else if x == 66 {
		return 198
	} else if x == 67 {
		return 201
	} else if x == 68 {
		return 204
	} else if x == 69 {
		return 207
	} else if x == 70 {
		return 210
	} else if x == 71 {
		return 213
	} else if x == 72 {
		return 216
	} else if x == 73 {
		return 219
	} else if x == 74 {
		return 222
	} else if x == 75 {
		return 225
	} else if x == 76 {
		return 228
	} else if x == 77 {
		return 231
	} else if x == 78 {
		return 234
	} else if x == 79 {
		return 237
	} else if x == 80 {
		return 240
	} else if x == 81 {
		return 243
	} else if x == 82 {
		return 246
	} else if x == 83 {
		return 249
	} else if x == 84 {
		return 252
	} else if x == 85 {
		return 255
	} else if x == 86 {
		return 258
	} else if x == 87 {
		return 261
	} else if x == 88 {
		return 264
	} else if x == 89 {
		return 267
	} else if x == 90 {
		return 270
	} else if x == 91 {
		return 273
	} else if x == 92 {
		return 276
	} else if x == 93 {
		return 279
	} else if x == 94 {
		return 282
	} else if x == 95 {
		return 285
	} else if x == 96 {
		return 288
	} else if x == 97 {
		return 291
	} else if x == 98 {
		return 294
	} else if x == 99 {
		return 297
	} else if x == 100 {
		return 300
	} else if x == 101 {
		return 303
	} else if x == 102 {
		return 306
	} else if x == 103 {
		return 309
	} else if x == 104 {
		return 312
	} else if x == 105 {
		return 315
	} else if x == 106 {
		return 318
	} else if x == 107 {
		return 321
	} else if x == 108 {
		return 324
	} else if x == 109 {
		return 327
	} else if x == 110 {
		return 330
	} else if x == 111 {
		return 333
	} else if x == 112 {
		return 336
	} else if x == 113 {
		return 339
	} else if x == 114 {
		return 342
	} else if x == 115 {
		return 345
	} else if x == 116 {
		return 348
	} else if x == 117 {
		return 351
	} else if x == 118 {
		return 354
	} else if x == 119 {
		return 357
	} else if x == 120 {
		return 360
	} else if x == 121 {
		return 363
	} else if x == 122 {
		return 366
	} else if x == 123 {
		return 369
	} else if x == 124 {
		return 372
	} else if x == 125 {
		return 375
	} else if x == 126 {
		return 378
	} else if x == 127 {
		return 381
	} else if x == 128 {
		return 384
	} else if x == 129 {
		return 387
	} else {
		return x
	}
}

func main() {
	fmt.Println(sum())
	fmt.Println(pick(0), pick(1), pick(64), pick(129), pick(500))
	s := [][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][][]int{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{7}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
	fmt.Println(s[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0], len(fmt.Sprint(s)))
	ok := check(0, true) && check(1, true) && check(2, true) && check(3, true) && check(4, true) && check(5, true) && check(6, true) && check(7, true) && check(8, true) && check(9, true) && check(10, true) && check(11, true) && check(12, true) && check(13, true) && check(14, true) && check(15, true) && check(16, true) && check(17, true) && check(18, true) && check(19, true) && check(20, true) && check(21, true) && check(22, true) && check(23, true) && check(24, true) && check(25, true) && check(26, true) && check(27, true) && check(28, true) && check(29, true) && check(30, true) && check(31, true) && check(32, true) && check(33, true) && check(34, true) && check(35, true) && check(36, true) && check(37, true) && check(38, true) && check(39, true) && check(40, true) && check(41, true) && check(42, true) && check(43, true) && check(44, true) && check(45, true) && check(46, true) && check(47, true) && check(48, true) && check(49, true) && check(50, true) && check(51, true) && check(52, true) && check(53, true) && check(54, true) && check(55, true) && check(56, true) && check(57, true) && check(58, true) && check(59, true) && check(60, false) && check(61, false) && check(62, false) && check(63, false) && check(64, false) && check(65, false) && check(66, false) && check(67, false) && check(68, false) && check(69, false) && check(70, false) && check(71, false) && check(72, false) && check(73, false) && check(74, false) && check(75, false) && check(76, false) && check(77, false) && check(78, false) && check(79, false)
	fmt.Println(ok, len(checked), checked[len(checked)-1])
}
