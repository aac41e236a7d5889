/**
 * Valid data lines for the CTR fuzzing: real rows and the rows the data
 * tests build. CRITEO_SAMPLE_ROWS and AVAZU_SAMPLE_ROWS are the first five
 * data rows of shenweichen/DeepCTR's examples/criteo_sample.txt and
 * examples/avazu_sample.txt (Apache-2.0; ../shared/data/README.md), verbatim.
 */

import { AVAZU_HEADER } from "../../models/data/avazu";
import { CRITEO_FIELD_NAMES } from "../../models/data/criteo";

export const CRITEO_SAMPLE_HEADER = CRITEO_FIELD_NAMES.join(",");

export const CRITEO_SAMPLE_ROWS: readonly string[] = [
  "0,,3,260.0,,17668.0,,,33.0,,,,0.0,,05db9164,08d6d899,9143c832,f56b7dd5,25c83c98,7e0ccccf,df5c2d18,0b153874,a73ee510,8f48ce11,a7b606c4,ae1bb660,eae197fd,b28479f6,bfef54b3,bad5ee18,e5ba7672,87c6f83c,,,0429f84b,,3a171ecb,c0d61a5c,,",
  "0,,-1,19.0,35.0,30251.0,247.0,1.0,35.0,160.0,,1.0,,35.0,68fd1e64,04e09220,95e13fd4,a1e6a194,25c83c98,fe6b92e5,f819e175,062b5529,a73ee510,ab9456b4,6153cf57,8882c6cd,769a1844,b28479f6,69f825dd,23056e4f,d4bb7bd8,6fc84bfb,,,5155d8a3,,be7c41b4,ded4aac9,,",
  "0,0.0,0,2.0,12.0,2013.0,164.0,6.0,35.0,523.0,0.0,3.0,,18.0,05db9164,38a947a1,3f55fb72,5de245c7,30903e74,7e0ccccf,b72ec13d,1f89b562,a73ee510,acce978c,3547565f,a5b0521a,12880350,b28479f6,c12fc269,95a8919c,e5ba7672,675c9258,,,2e01979f,,bcdee96c,6d5d1302,,",
  "0,,13,1.0,4.0,16836.0,200.0,5.0,4.0,29.0,,2.0,,4.0,05db9164,8084ee93,02cf9876,c18be181,25c83c98,,e14874c9,0b153874,7cc72ec2,2462946f,636405ac,8fe001f4,31b42deb,07d13a8f,422c8577,36103458,e5ba7672,52e44668,,,e587c466,,32c7478e,3b183c5c,,",
  "0,0.0,0,104.0,27.0,1990.0,142.0,4.0,32.0,37.0,0.0,1.0,,27.0,05db9164,207b2d81,5d076085,862b5ba0,25c83c98,fbad5c96,17c22666,0b153874,a73ee510,534fc986,feb49a68,f24b551c,8978af5c,64c94865,32ec6582,b6d021e8,e5ba7672,25c88e42,21ddcdc9,b1252a9d,0e8585d2,,32c7478e,0d4a6d1a,001f3601,92c878de",
];

/** A Kaggle `train.txt` row as test/models/data/ctr-file.test.ts builds it: tabs, I2 and C4 missing. */
export function criteoKaggleRow(i: number): string {
  const dense = Array.from({ length: 13 }, (_, k) => (k === 1 ? "" : String(i + k)));
  const sparse = Array.from({ length: 26 }, (_, k) =>
    k === 3 ? "" : ((i * 7919 + k) >>> 0).toString(16).padStart(8, "0"),
  );
  return [i % 4 === 0 ? "1" : "0", ...dense, ...sparse].join("\t");
}

export const AVAZU_SAMPLE_HEADER = AVAZU_HEADER.join(",");

export const AVAZU_SAMPLE_ROWS: readonly string[] = [
  "1000009418151094273,0,14102100,1005,0,1fbe01fe,f3845767,28905ebd,ecad2386,7801e8d9,07d7df22,a99f214a,ddd2926e,44956a24,1,2,15706,320,50,1722,0,35,-1,79",
  "10000169349117863715,0,14102100,1005,0,1fbe01fe,f3845767,28905ebd,ecad2386,7801e8d9,07d7df22,a99f214a,96809ac8,711ee120,1,0,15704,320,50,1722,0,35,100084,79",
  "10000371904215119486,0,14102100,1005,0,1fbe01fe,f3845767,28905ebd,ecad2386,7801e8d9,07d7df22,a99f214a,b3cf8def,8a4875bd,1,0,15704,320,50,1722,0,35,100084,79",
  "10000640724480838376,0,14102100,1005,0,1fbe01fe,f3845767,28905ebd,ecad2386,7801e8d9,07d7df22,a99f214a,e8275b8f,6332421a,1,0,15706,320,50,1722,0,35,100084,79",
  "10000679056417042096,0,14102100,1005,1,fe8cc448,9166c161,0569f928,ecad2386,7801e8d9,07d7df22,a99f214a,9644d0bf,779d90c2,1,0,18993,320,50,2161,0,35,-1,157",
];

/** KDD Cup 2012 track 2 rows as test/models/data/parsers.test.ts and ctr-file.test.ts write them. */
export const KDD_ROWS: readonly string[] = [
  "2\t3\t18446744073709551615\t7\t8\t2\t1\t3\t2147483647\t2147483648\t0\t42",
  "1\t2\t5\t6\t7\t1\t1\t8\t9\t10\t11\t12",
  "0\t1\t5\t6\t7\t1\t2\t8\t9\t10\t11\t13",
];

/** `userid_profile.txt` lines (UserID, Gender, Age). */
export const KDD_PROFILE_LINES: readonly string[] = ["12\t1\t4", "42\t2\t5", "13\t0\t0"];
