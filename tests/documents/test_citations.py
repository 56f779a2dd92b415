"""实施依据 citations: every variant real lists write."""

from __future__ import annotations

import pytest

from dutygraph.loaders.citations import parse_citations


def parsed(text: str) -> list[tuple[str | None, int | None, int | None, int | None]]:
    return [(c.title, c.article, c.paragraph, c.item) for c in parse_citations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《中华人民共和国矿山安全法》第三十四条", [("中华人民共和国矿山安全法", 34, None, None)]),
        ("【法律】《中华人民共和国安全生产法》第六十二条第二款", [("中华人民共和国安全生产法", 62, 2, None)]),
        ("《安全生产法》第10条第2款第3项", [("安全生产法", 10, 2, 3)]),
        (
            "《中华人民共和国安全生产法》第十条第二款第三项、第四项",
            [("中华人民共和国安全生产法", 10, 2, 3), ("中华人民共和国安全生产法", 10, 2, 4)],
        ),
        (
            "《中华人民共和国安全生产法》第十条第一款、第二款",
            [("中华人民共和国安全生产法", 10, 1, None), ("中华人民共和国安全生产法", 10, 2, None)],
        ),
        (
            "《安全生产许可证条例》第十条、第十二条",
            [("安全生产许可证条例", 10, None, None), ("安全生产许可证条例", 12, None, None)],
        ),
        (
            "《安全生产许可证条例》第十条至第十二条",
            [("安全生产许可证条例", n, None, None) for n in (10, 11, 12)],
        ),
        (
            "《生产安全事故应急预案管理办法》（国家安全生产监督管理总局令第 88号）第二十一条、第二十六条",
            [("生产安全事故应急预案管理办法", 21, None, None), ("生产安全事故应急预案管理办法", 26, None, None)],
        ),
        ("1.《中华人民共和国安全生产法》", [("中华人民共和国安全生产法", None, None, None)]),
        # the article's own text follows its number: references inside it are not citations
        (
            "《矿山地质环境保护规定》第三十三条 违反本规定第二十五条规定,探矿权人未采取治理恢复措施的",
            [("矿山地质环境保护规定", 33, None, None)],
        ),
        (
            "《民用爆炸物品安全管理条例》(2006年5月国务院令第466号,2014年7月修正)第四条:“……按照职责分工，第五条……”",
            [("民用爆炸物品安全管理条例", 4, None, None)],
        ),
        # a local measure whose title quotes the law it implements, written without its own brackets
        (
            "【地方性法规】新疆维吾尔自治区实施《中华人民共和国防震减灾法》办法(2012年11月29日通过) 第三十条下列单位",
            [("新疆维吾尔自治区实施〈中华人民共和国防震减灾法〉办法", 30, None, None)],
        ),
        (
            "《中华人民共和国矿山安全法》第八条、第十二条; "
            "《国家能源局关于印发〈煤矿建设项目竣工验收管理办法(修订版)〉的通知》第六条",
            [
                ("中华人民共和国矿山安全法", 8, None, None),
                ("中华人民共和国矿山安全法", 12, None, None),
                ("国家能源局关于印发〈煤矿建设项目竣工验收管理办法(修订版)〉的通知", 6, None, None),
            ],
        ),
        ("县应急局“三定”规定", [(None, None, None, None)]),
        ("渝规资规范〔2019〕27号", [(None, None, None, None)]),
    ],
)
def test_citation_variants(text: str, expected: list[tuple[str | None, int | None, int | None, int | None]]) -> None:
    assert parsed(text) == expected


def test_same_as_above_repeats_the_previous_row() -> None:
    previous = parse_citations("《中华人民共和国安全生产法》第六十二条")
    assert parse_citations("同上", previous) == previous
    assert parse_citations("同前。", previous) == previous


def test_unreadable_citations_keep_their_text() -> None:
    [citation] = parse_citations("县应急局“三定”规定")
    assert citation.text == "县应急局“三定”规定"
