#include "typeset/typeset.h"

#include "typeset/font_metrics.h"
#include "paginate.h"

namespace protokoll::typeset {

Pages typeset(const document::Document& document, Warnings& warnings) {
    const FontSet fonts(document.fonts);
    return paginate(document, fonts, warnings);
}

}  // namespace protokoll::typeset
