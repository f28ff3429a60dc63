//! The per-tier strategy playbook the printed report carries: service model, visit
//! frequency, responsible people, coverage model and actions for A, B and C.
//! Defaults come from the source documents (abc-customer-classification.txt,
//! customer-planning-value-matrix.txt); companies edit them in the app.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// One tier's strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierPlay {
    /// 服务模式.
    pub service_model: String,
    /// 拜访频率.
    pub visit_frequency: String,
    /// 负责人.
    pub responsible: String,
    /// 覆盖模式 (1:1, 1:few, 1:many, call centre).
    pub coverage: String,
    /// 行动要点.
    pub actions: Vec<String>,
}

/// The playbook for tiers A, B and C.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Playbook {
    /// A, B, C.
    pub tiers: [TierPlay; 3],
}

fn play(service: &str, visits: &str, who: &str, coverage: &str, actions: &[&str]) -> TierPlay {
    TierPlay {
        service_model: service.into(),
        visit_frequency: visits.into(),
        responsible: who.into(),
        coverage: coverage.into(),
        actions: actions.iter().map(|a| a.to_string()).collect(),
    }
}

impl Playbook {
    /// The documents' defaults in the given language.
    pub fn default_for(lang: Lang) -> Playbook {
        match lang {
            Lang::Zh => Playbook {
                tiers: [
                    play(
                        "专属客户经理或 VIP 客户服务小组，优先服务；财务、工作流程优先",
                        "客户经理每月至少上门拜访一次；副总级领导每月与客户主要负责人电话沟通一次",
                        "客户经理、VIP 客户服务小组、分管副总",
                        "1:1（每个客户有专人或团队）",
                        &[
                            "优先处理其抱怨和投诉",
                            "密切关注客户所处行业趋势、人事变动等异常动向",
                            "按年交易量给予回馈（如年交易量 ≥ 100万元享高档礼遇）",
                            "提高客户钱包份额（我方销售额 / 客户采购总额）",
                        ],
                    ),
                    play(
                        "客户公关小组，有针对性地服务",
                        "公关小组每月拜访一次",
                        "营销主管、客户公关小组",
                        "1:少数（一名销售负责几个客户）",
                        &[
                            "找到并公关关键决策人（Key Man）",
                            "关注销售、资金支付能力、人事变动、重组等异常动向",
                            "培育有潜力的客户成长为 A 类客户",
                        ],
                    ),
                    play(
                        "标准化服务，低成本沟通（电话、网络）",
                        "按需联系，定期推送货源和活动信息",
                        "销售内勤、客服中心",
                        "1:多（呼叫中心、线上渠道）",
                        &[
                            "发现“明日之星”，提升为 B 类客户",
                            "以会员费减免和丰富的信息把暂无交易的客户留在会员体系内",
                        ],
                    ),
                ],
            },
            Lang::En => Playbook {
                tiers: [
                    play(
                        "Dedicated account manager or VIP service group; served first, finance and processes first",
                        "Account manager visits at least once a month; a senior leader calls the customer's head monthly",
                        "Account manager, VIP service group, vice president in charge",
                        "1:1 (a salesperson or team per account)",
                        &[
                            "Handle complaints first",
                            "Watch the customer's industry and personnel changes",
                            "Volume-based rewards (e.g. annual volume ≥ 1,000,000 yuan → premium gift tier)",
                            "Grow the share of the customer's wallet",
                        ],
                    ),
                    play(
                        "Account team with targeted service",
                        "Monthly visits by the account team",
                        "Sales manager, account team",
                        "1:few",
                        &[
                            "Find and win the key decision maker (Key Man)",
                            "Watch sales, payment ability, personnel changes and restructuring",
                            "Grow promising customers into tier A",
                        ],
                    ),
                    play(
                        "Standard service, low-cost contact (phone, online)",
                        "As needed; regular offers and news",
                        "Inside sales, call centre",
                        "1:many (call centre, online)",
                        &[
                            "Find the rising stars and lift them to tier B",
                            "Keep inactive members in the programme cheaply",
                        ],
                    ),
                ],
            },
        }
    }
}
