// Package deadline computes the legal deadline of a request for disclosure
// (依申请公开的答复期限) in Chinese working days, under a rule set that names
// its law.
//
// Two rule sets are built in (rules.txt, embedded): 《高等学校信息公开办法》,
// 15 working days, the default for a university; and 《政府信息公开条例》
// (2019), 20 working days, one extension of up to 20 working days approved by
// the head of the disclosure office, a 补正 notice due within 7 working days
// of receipt after which the period restarts from the day the correction
// arrives, and third-party consultation time not counted. An operator changes
// them, or adds a rule set, in rules.txt in the data folder.
//
// Compute takes the day of receipt (which depends on the channel: 当面, the
// day it was handed in; 邮寄, the day it was signed for; 网络/传真/平常信函,
// the day both sides confirmed it) and the ordered events of the request, and
// returns the due date, the state of the clock and a Chinese explanation of
// every step. It is a pure function of its inputs: the request desk stores
// the events and recomputes, so a corrected event never leaves a stale date.
//
// What is impossible is an error (a second extension, an extension beyond
// the rule's maximum or without a recorded approval, a resume without a
// pause, events out of order). What is possible but unlawful, such as a 补正
// notice sent after the 7th working day or an extension decided after the
// deadline, is computed as it happened and reported in Result.Warnings: the
// desk must record what was done, and an auditor must see that it was late.
//
// Counting conventions, chosen so that the date shown is never later than
// the law allows: the day of receipt, the day a correction arrives and the day
// a third party's opinion arrives are not counted (counting starts the next
// day, as for any period in days); the day a consultation letter is sent is
// counted when it is a working day.
package deadline
