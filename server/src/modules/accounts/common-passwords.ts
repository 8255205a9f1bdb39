/**
 * The common-password list (security.md DB-AUTH-02: "rejection of a top-10k breached/common list").
 * Generated once, deterministically, at first use: well-known base words (top passwords, keyboard
 * walks, Chinese pinyin surnames, given names and phrases, words of this domain) combined with the
 * decorations people add (digits, years 1950–2030, `@123`, `#2024`, `!` …). `checkPasswordPolicy`
 * also strips such decorations and undoes l33t spelling before comparing, so far more than the
 * listed variants are refused.
 */

const TOP = `password passw0rd p@ssw0rd pass pass1 passwd mypass mypassword letmein welcome welcome1 hello
hello1 iloveyou iloveu love lovely loveme lover admin administrator root toor superuser super system sysadmin
manager guest user test tester testing default changeme secret qwerty qwertyuiop qwert qwer qwe asdf asdfg
asdfgh asdfghjkl zxcv zxcvb zxcvbn zxcvbnm qazwsx qazwsxedc qweasd qweasdzxc qwaszx zaq xsw wsxedc
poiuytrewq mnbvcxz lkjhgfdsa abc abcd abcde abcdef abcdefg abcdefgh abcabc aaa aaaa aaaaaa abc abcd1234
monkey dragon master shadow sunshine princess football baseball basketball soccer hockey batman superman
spiderman michael jennifer jessica ashley charlie daniel thomas robert jordan hunter buster tigger pepper
ginger maggie cookie summer winter spring autumn flower flowers freedom whatever starwars computer internet
trustno trustme killer ninja mustang harley ranger thunder matrix cheese chocolate banana orange apple
purple silver golden diamond angel angels baby babygirl family friend friends forever happy lucky
victory secret sweet sweety honey darling beautiful pokemon naruto liverpool chelsea arsenal barcelona
yankees cowboys eagles lakers jordan23 google facebook microsoft windows linux ubuntu oracle mysql
postgres database server network security access login logon signin account office company
china chinese beijing shanghai guangzhou shenzhen tianjin chongqing wuhan nanjing hangzhou chengdu
xian zhongguo huaxia zhonghua woaini woaiwojia woaini1314 aini aiwo wodemima mima mimamima nihao
nihaoma laopo laogong baobei baobao bao xiaobao xiaobai tiantian kuaile xingfu pingan jiayou
shengri qiche taiyang yueliang xingxing haha hehe xixi lala dada meimei gege jiejie didi mama baba
caonima wocao niubi shabi zhu xiaozhu dangjian dangyuan dangwei zuzhibu zuzhi shequ jiedao wangge
zhibu gongchandang zhonggong renmin guojia jiceng zhengfu gongzuo bangong danwei xitong guanli
guanliyuan anquan shenji jiceng123 sunny star stars moon smile hello123 welcome123 admin123 root123`;

/** Common Chinese surnames (百家姓, the most frequent) and given names, in pinyin. */
const SURNAMES = `wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo
zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai lu wei ding
shen ren yao qian fu du ye cheng su lv wei jiang cui zhong tan lu wang fan jin shi liao jia xia fang
zou xiong bai meng qin qiu hou jiang yin xue yan duan lei long li tao he gu mao hao gong shao wan
qian yan tan wu dai mo kong xiang chang`;
const GIVEN = `wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xiuying xia ping
gang gui hua hong hui jian ling lin bin bo peng fei xin yu hao yi xuan ting ting yue xue mei lan
xiaoming xiaohong xiaoli xiaowei xiaojun xiaoyan xiaofang xiaoqiang xiaoyu xiaolong xiaohua
zhangwei wangwei wangfang lina liuwei liqiang zhangmin lijing wangjing liujie zhangli wangxiuying
zhangjing lijun wangli zhanglei liyang wangqiang zhangyong liuyang chenjie`;

const DIGIT_SUFFIXES = [
  '',
  '1',
  '12',
  '123',
  '1234',
  '12345',
  '123456',
  '0',
  '00',
  '01',
  '11',
  '666',
  '888',
  '520',
  '1314',
  '5201314',
  '2008',
  '2020',
  '2023',
  '2024',
  '2025',
  '2026',
];
const SYMBOL_SUFFIXES = [
  '@123',
  '#123',
  '!',
  '@',
  '.',
  '!@#',
  '@2024',
  '#2024',
  '@2025',
  '@2026',
  '@1234',
  '_123',
];

function words(text: string): string[] {
  return [...new Set(text.split(/\s+/).filter(Boolean))];
}

/** Base words: compared with the password once its decorations are stripped. */
export const BASE_WORDS: ReadonlySet<string> = new Set(
  [...words(TOP), ...words(SURNAMES), ...words(GIVEN)].flatMap((w) => [w, w.replace(/[^a-z]/g, '')]),
);

function generate(): Set<string> {
  const out = new Set<string>();
  const bases = [...words(TOP), ...words(GIVEN)];
  for (const base of bases) {
    for (const suffix of [...DIGIT_SUFFIXES, ...SYMBOL_SUFFIXES]) out.add(base + suffix);
  }
  for (const name of [...words(SURNAMES), ...words(GIVEN).slice(0, 40)]) {
    for (let year = 1950; year <= 2030; year++) out.add(`${name}${year}`);
  }
  for (const digits of [
    '123456',
    '1234567',
    '12345678',
    '123456789',
    '1234567890',
    '0123456789',
    '987654321',
    '11111111',
    '88888888',
    '66666666',
    '00000000',
    '5201314',
    '1314520',
    '147258369',
    '123123123',
    '1qaz2wsx',
    '1q2w3e4r',
    '1q2w3e4r5t',
    'q1w2e3r4',
    'a1b2c3d4',
    'zaq12wsx',
    '1qazxsw2',
    '!qaz2wsx',
    '1qaz@wsx',
    '!qaz@wsx',
  ]) {
    out.add(digits);
  }
  return out;
}

let cached: Set<string> | undefined;
/** At least 10,000 entries, lower case; built on first use. */
export function commonPasswords(): ReadonlySet<string> {
  cached ??= generate();
  return cached;
}
