## Role tips, role card, management styles.

tip-card =
    💡 <b>{ $role }</b> · { $facet }

    { $text }

    <i>Affects: { $kpi }</i>
tip-button-like = 👍
tip-button-dislike = 👎
tip-button-liked = 👍 ✓
tip-button-disliked = 👎 ✓
tip-button-next = ➡️ Another tip
tip-button-save = ⭐ Save
tip-button-saved = ★ Saved
tip-voted-like = Thanks! I'll bring more tips like this.
tip-voted-dislike = Got it — fewer tips like this one.
tip-saved = Saved. All your saved tips: /saved
tip-unsaved = Removed from saved.
tip-need-role = Choose your role first — tips are picked for it: /settings
tip-cycle-done = 🎉 You've seen every tip for your role. Starting a new round, shaped by your ratings.

saved-title = ⭐ <b>Saved tips</b> · { $count }
saved-empty = Nothing saved yet. Press “⭐ Save” under a tip from /tip and it will appear here.
saved-item =
    <b>{ $number }.</b> <i>{ $facet }</i>
    { $text }
saved-page = { $page } / { $pages }
saved-remove = ✖ { $number }
saved-removed = Removed from saved.

role-card =
    👤 <b>{ $title }</b>
    { $summary }

    <b>What you are responsible for</b>
    { $zones }

    <b>Key metrics</b>
    { $kpis }

    🤔 <b>Self-check question</b>
    { $question }
role-card-button-tip = 💡 A tip for this role
role-card-button-question = 🔄 Another question
role-card-need-role = Choose your role in /settings and I'll show its card.

style-scenario =
    🎯 <b>Situation { $number } of { $total }</b>

    { $situation }

    Which management style would work best here?
style-verdict-best = ✅ <b>Spot on: { $chosen }.</b>
style-verdict-acceptable = 👌 <b>{ $chosen } can work, but better: { $best }.</b>
style-verdict-miss = ❌ <b>Better here: { $best }.</b>
style-miss-risk =
    <b>Why not “{ $chosen }”</b>: this style does harm in these cases:
    { $harms }
style-feedback =
    { $verdict }

    <b>Why</b>
    { $why }

    💬 <b>How to open the conversation</b>
    “{ $opening }”
style-accuracy-title = 📊 <b>Your accuracy per style</b>
style-accuracy-line = { $style }: { $correct } of { $total } ({ $percent }%)
style-button-next = ➡️ Next situation
style-button-guide = 📚 About the styles
style-already-answered = You've already answered this one. Press the button below or /style for the next.
style-guide-title = 📚 <b>Five management styles</b>
style-guide-item = <b>{ $name }</b> — { $essence }
style-guide-hint = Tap a style to see when it helps and when it hurts.
style-detail =
    <b>{ $name }</b>
    { $essence }

    ✅ <b>When it fits</b>
    { $fits }

    ⚠️ <b>When it hurts</b>
    { $harms }

    💬 <i>{ $example }</i>
