import { describe, expect, it } from 'vitest';
import { hasInternalProvenance, ruleInWords, sourceInWords } from './provenance.contract.ts';

describe('rule provenance in words', () => {
  it('drops status letters and reference tags, keeps the source', () => {
    const cases: [string, string][] = [
      [
        '（V，《中国共产党支部工作条例（试行）》第十一条 [P19][P20]）',
        '（《中国共产党支部工作条例（试行）》第十一条）',
      ],
      ['《中国共产党支部工作条例（试行）》第十一条 [P19][P20]', '《中国共产党支部工作条例（试行）》第十一条'],
      ['党章第一条：年满十八岁（V）', '党章第一条：年满十八岁'],
      [
        '第五、六条（正式党员 3 人以上成立党支部，一般不超过 50 人，V）；党员 50 人以上可设总支（S）',
        '第五、六条（正式党员 3 人以上成立党支部，一般不超过 50 人）；党员 50 人以上可设总支',
      ],
      ['党员分类管理（"三棱镜"，本地可配置，L）', '党员分类管理（"三棱镜"，本地可配置）'],
      ['默认积分规则（地方示范，L）', '默认积分规则（地方示范）'],
      ['本地示例（L）：每年不少于 50 小时 [P50e]', '本地示例：每年不少于 50 小时'],
      ['积分指南仅列"扣分"项目 [P45b]；分值须确认', '积分指南仅列"扣分"项目；分值须确认'],
      // Words that merely contain the letters stay as they are.
      ['VPN（USB）设备', 'VPN（USB）设备'],
    ];
    for (const [source, words] of cases) {
      expect(sourceInWords(source), source).toBe(words);
      expect(hasInternalProvenance(sourceInWords(source)), source).toBe(false);
    }
    expect(hasInternalProvenance('（V，党章 [P1]）')).toBe(true);
    expect(ruleInWords('每季度召开 1 次', '支部工作条例 [P21]（V）')).toBe(
      '每季度召开 1 次（依据：支部工作条例）',
    );
  });
});
